using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Reports;

/// <summary>The metric fields the report plots and tabulates (SPEC §3), with their truth. Thread-safe (immutable).</summary>
internal static class MetricCatalog
{
    public static readonly MetricDefinition TriggerRate = new(
        MetricNames.TriggerRate, "hz", "hz_err", "trigger rate", "Hz", 1, "trigger_type",
        t => t is null ? null : TruthParameters.RateOfTriggerType(t), TruthAverage.Mean, k => k.Rates);

    public static readonly MetricDefinition LiveFraction = new(
        MetricNames.TriggerRate, "live_fraction", null, "live fraction", "", 1, "trigger_type",
        _ => TruthParameters.LiveFraction, TruthAverage.Mean, k => k.Rates);

    public static readonly MetricDefinition PulsesPerEvent = new(
        MetricNames.PulseRate, "per_event", null, "pulses per event", "", 1, "pulse_class",
        _ => null, TruthAverage.Mean, k => k.Rates);

    public static readonly MetricDefinition PulseRate = new(
        MetricNames.PulseRate, "hz", null, "pulse rate", "Hz", 1, "pulse_class",
        _ => null, TruthAverage.Mean, k => k.Rates);

    public static readonly MetricDefinition Lifetime = new(
        MetricNames.ElectronLifetime, "tau_us", "tau_err_us", "electron lifetime τ", "ms", 1e-3, "population",
        _ => "electron_lifetime_us", TruthAverage.Harmonic, k => k.Lifetime);

    public static readonly MetricDefinition S2Zero = new(
        MetricNames.ElectronLifetime, "s2_0_phd", null, "S2 at zero drift S2₀", "phd", 1, "population",
        p => p == "kr83m" ? TruthParameters.Kr83mS2ZeroPhd : null, TruthAverage.Mean, k => k.Lifetime, 0.1, "kr83m");

    public static readonly MetricDefinition Cathode = new(
        MetricNames.Drift, "cathode_us", "cathode_err_us", "cathode edge", "µs", 1, null,
        _ => TruthParameters.CathodeUs, TruthAverage.Mean, k => k.Drift, 0.02);

    public static readonly MetricDefinition Gate = new(
        MetricNames.Drift, "gate_us", null, "gate edge", "µs", 1, null,
        _ => "gate_us", TruthAverage.Mean, k => k.Drift);

    public static readonly MetricDefinition DriftVelocity = new(
        MetricNames.Drift, "drift_velocity_mm_us", null, "drift velocity", "mm/µs", 1, null,
        _ => TruthParameters.DriftVelocityMmPerUs, TruthAverage.Mean, k => k.Drift, 0.02);

    public static readonly MetricDefinition Sigma0 = new(
        MetricNames.S2Width, "sigma0_us", null, "S2 intrinsic width σ₀", "µs", 1, null,
        _ => TruthParameters.Sigma0Us, TruthAverage.Mean, k => k.Width, 0.1);

    public static readonly MetricDefinition Diffusion = new(
        MetricNames.S2Width, "d_l_cm2_s", null, "longitudinal diffusion D_L", "cm²/s", 1, null,
        _ => "diffusion_cm2_per_s", TruthAverage.Mean, k => k.Width, 0.2);

    /// <summary>Every metric, in the summary table's order.</summary>
    public static readonly IReadOnlyList<MetricDefinition> All =
        [TriggerRate, LiveFraction, PulsesPerEvent, Lifetime, S2Zero, Cathode, Gate, DriftVelocity, Sigma0, Diffusion, PulseRate];

    /// <summary>The definition of a truth file's <c>measurement.field</c>, or null.</summary>
    public static MetricDefinition? Find(string key) => All.FirstOrDefault(d => d.Key == key);
}

using LzDQM.Simulation.Scenarios;
using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Tests;

public class DriftAndLifetimeTests
{
    private static SimulatedRun Kr => SimulatedRun.Of("kr83m-calibration", 600);

    private static List<(double Drift, Pulse S1, Pulse S2)> KrEvents(SimulatedRun run) =>
        [.. run.Events.Select(e => e.Kr83m()).Where(k => k is not null).Select(k => (k!.Value.DriftUs, k.Value.S1, k.Value.S2))];

    [Fact]
    public void Drift_time_spectrum_is_flat_between_gate_and_cathode_with_edges_at_the_configured_values()
    {
        var truth = Kr.Truth;
        var gate = truth.At("gate_us", 0);
        var cathode = truth.At(TruthParameters.CathodeUs, 0);
        var drifts = KrEvents(Kr).Select(k => k.Drift).ToList();
        Assert.True(drifts.Count > 50_000, $"only {drifts.Count} Kr-83m events");

        // Nothing outside the TPC (beyond the 10 ns sample rounding).
        Assert.InRange(drifts.Min(), gate - 0.02, gate + 0.5);
        Assert.InRange(drifts.Max(), cathode - 0.5, cathode + 0.02);

        // Flat inside: χ² of 40 bins against their mean.
        const int bins = 40;
        var lo = gate + 5;
        var hi = cathode - 5;
        var counts = new double[bins];
        foreach (var d in drifts.Where(d => d >= lo && d < hi))
        {
            counts[(int)((d - lo) / (hi - lo) * bins)]++;
        }

        var mean = counts.Average();
        var chi2 = counts.Sum(c => (c - mean) * (c - mean) / mean);
        Assert.True(chi2 / (bins - 1) < 2.0, $"χ²/ndf = {chi2 / (bins - 1):0.00} against flat");

        // Half-plateau edges, 1 µs bins.
        var plateau = mean / ((hi - lo) / bins);
        double Density(double from) => drifts.Count(d => d >= from && d < from + 1);
        Assert.True(Density(gate - 1) < 0.1 * plateau && Density(gate + 0.5) > 0.5 * plateau);
        Assert.True(Density(cathode - 1.5) > 0.5 * plateau && Density(cathode + 0.1) < 0.1 * plateau);
    }

    [Fact]
    public void S2_versus_drift_time_follows_the_configured_electron_lifetime()
    {
        var truth = Kr.Truth;
        var (tau, err) = Fits.Lifetime(Kr.Events);
        var expected = truth.At("electron_lifetime_us", 0);
        Assert.True(Math.Abs(tau - expected) < Math.Max(3 * err, 0.02 * expected), $"τ = {tau:0} ± {err:0} µs, truth {expected}");
        Assert.True(err < 0.03 * expected, $"τ error {err:0} µs too large for a 10 min Kr-83m run");
    }

    [Fact]
    public void Kr83m_S1_and_S2_sizes_and_top_fractions_match_the_detector_model()
    {
        var truth = Kr.Truth;
        var kr = KrEvents(Kr);
        var tau = truth.At("electron_lifetime_us", 0);
        var s1 = kr.Select(k => (double)k.S1.Area).ToList();
        var s2Corrected = kr.Select(k => k.S2.Area * Math.Exp(k.Drift / tau)).ToList();
        var s1Mean = s1.Average();
        var s2Mean = s2Corrected.Average();
        Assert.InRange(s1Mean / truth.At(TruthParameters.Kr83mS1MeanPhd, 0), 0.98, 1.02);
        Assert.InRange(s2Mean / truth.At(TruthParameters.Kr83mS2ZeroPhd, 0), 0.98, 1.02);
        Assert.InRange(Sd(s1) / s1Mean, 0.08, 0.14);
        Assert.InRange(Sd(s2Corrected) / s2Mean, 0.06, 0.10);
        Assert.InRange(kr.Average(k => k.S2.Top), 0.65, 0.67);
        Assert.InRange(kr.Average(k => k.S1.Top), 0.39, 0.43);
        Assert.All(kr, k => Assert.InRange(k.S2.Coincidence, 400u, 494u));
    }

    [Fact]
    public void S2_width_squared_grows_linearly_with_drift_time_with_the_configured_diffusion()
    {
        var truth = Kr.Truth;
        var points = Fits.BinnedMeans(KrEvents(Kr).Select(k => (k.Drift, (double)k.S2.Width * k.S2.Width)), 20, 940, 23);
        var fit = Fits.Line(points);
        var sigma0 = truth.At(TruthParameters.Sigma0Us, 0);
        var slope = truth.At(TruthParameters.S2WidthSlopeUs2PerUs, 0);
        Assert.True(Math.Abs(fit.A - (sigma0 * sigma0)) < Math.Max(3 * fit.ErrA, 0.01 * sigma0 * sigma0), $"σ₀² = {fit.A:0.0000} ± {fit.ErrA:0.0000}, truth {sigma0 * sigma0}");
        Assert.True(Math.Abs(fit.B - slope) < Math.Max(3 * fit.ErrB, 0.01 * slope), $"slope = {fit.B:0.000000} ± {fit.ErrB:0.000000}, truth {slope}");
        Assert.True(fit.Chi2Ndf < 2.5, $"χ²/ndf {fit.Chi2Ndf:0.00}: not linear");

        // D_L from the slope (SPEC §3: d_l = slope·v²/2) and the width at the cathode (~1.45 µs).
        var v = truth.At(TruthParameters.DriftVelocityMmPerUs, 0);
        Assert.InRange(fit.B * v * v / 2 / 1e-4, 17.5, 18.5);
        Assert.InRange(truth.At(TruthParameters.S2WidthAtCathodeUs, 0), 1.43, 1.47);
    }

    [Fact]
    public void Science_backgrounds_hold_single_and_multiple_scatters_S2_only_and_noise_triggers()
    {
        var run = SimulatedRun.Of("science", 600);
        var s2Triggered = run.Events.Where(e => e.Type == TriggerType.S2).ToList();
        var single = s2Triggered.Count(e => e.SingleScatter() is not null);
        var multiple = s2Triggered.Count(e => e.Pulses.Count(p => p.Class == PulseClass.S2) >= 2 && e.SingleScatter() is null);
        var s2Only = s2Triggered.Count(e => e.Pulses.All(p => p.Class != PulseClass.S1));
        // 3 Hz ER singles plus multiple scatters whose sites merge or whose main S2 dominates ×5.
        Assert.InRange(single / 600.0, 4, 9);
        Assert.InRange(multiple / 600.0, 5, 11);
        Assert.InRange(s2Only / 600.0, 20, 26);

        // Random triggers see only noise: SPE, single electrons, the odd unclassified pulse.
        var randoms = run.Events.Where(e => e.Type == TriggerType.Random).ToList();
        Assert.NotEmpty(randoms);
        Assert.All(randoms, e => Assert.DoesNotContain(e.Pulses, p => p.Class is PulseClass.S1 or PulseClass.S2));

        // S1-triggered events (below the cathode) have an S1 at the trigger and no S2.
        var s1Triggered = run.Events.Where(e => e.Type == TriggerType.S1).ToList();
        Assert.All(s1Triggered, e => Assert.Contains(e.Pulses, p => p.Class == PulseClass.S1 && p.Start == 0));
        Assert.All(s1Triggered, e => Assert.DoesNotContain(e.Pulses, p => p.Class == PulseClass.S2));

        // SPE dark counts: a few per event window, single PMT each.
        var spe = run.Events.Average(e => e.Pulses.Count(p => p.Class == PulseClass.Spe));
        Assert.InRange(spe, 0.97 * run.Truth.At(TruthParameters.SpePerEvent, 0), 1.03 * run.Truth.At(TruthParameters.SpePerEvent, 0));
        Assert.All(run.Events.SelectMany(e => e.Pulses).Where(p => p.Class == PulseClass.Spe), p => Assert.Equal(1u, p.Coincidence));
    }

    [Fact]
    public void Single_electrons_trail_large_S2s_in_proportion_to_their_electrons()
    {
        // Single-S2 events only: in a multiple scatter the other S2s bring trains of their own.
        var run = SimulatedRun.Of("science", 600);
        var truth = run.Truth;
        var se = truth.At(TruthParameters.SeSizePhd, 0);
        var points = run.Events
            .Where(e => e.Type == TriggerType.S2 && e.Pulses.Count(p => p.Class == PulseClass.S2) == 1)
            .Select(e => (Electrons: e.MainS2!.Value.Area / se, Trailing: (double)e.Pulses.Count(p => p.Class == PulseClass.Se && p.Start > 0)));
        var fit = Fits.Line(Fits.BinnedMeans(points, 0, 10_000, 10));
        var baseline = truth.At(ScenarioParameter.SeBaselineHz, 0) * 2500e-6;
        Assert.True(Math.Abs(fit.A - baseline) < Math.Max(3 * fit.ErrA, 0.05), $"SEs after an S2 with no electrons: {fit.A:0.000} ± {fit.ErrA:0.000}, expected {baseline}");
        var strength = truth.At(ScenarioParameter.SeTrainPerElectron, 0);
        Assert.True(Math.Abs(fit.B - strength) < 3 * fit.ErrB + (0.05 * strength), $"train strength {fit.B:0.000000} ± {fit.ErrB:0.000000}, truth {strength}");
    }

    private static double Sd(IReadOnlyList<double> v)
    {
        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }
}

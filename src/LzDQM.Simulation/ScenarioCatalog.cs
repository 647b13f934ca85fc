using LzDQM.Contracts.V1;
using LzDQM.Simulation.Scenarios;
using P = LzDQM.Simulation.Scenarios.ScenarioParameter;

namespace LzDQM.Simulation;

/// <summary>
/// The built-in scenarios of SPEC §6 and loading of scenario files. Anomalies start 5 minutes into
/// the run, so the 60 s rate windows and the 5 min drift and width windows have a clean baseline first. Thread-safe.
/// </summary>
public static class ScenarioCatalog
{
    private static readonly Dictionary<string, Func<Scenario>> Builders = new(StringComparer.Ordinal)
    {
        ["science"] = Science,
        ["kr83m-calibration"] = Kr83mCalibration,
        ["purity-loss"] = PurityLoss,
        ["cathode-hv-sag"] = CathodeHvSag,
        ["liquid-level-rise"] = LiquidLevelRise,
        ["rate-spike"] = RateSpike,
        ["daq-stall"] = DaqStall,
        ["deadtime-burst"] = DeadtimeBurst,
    };

    /// <summary>Built-in scenario names, in SPEC §6 order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Builders.Keys];

    /// <summary>A built-in scenario.</summary>
    /// <exception cref="KeyNotFoundException">No built-in scenario has that name; the message lists them.</exception>
    public static Scenario Get(string name) =>
        Builders.TryGetValue(name, out var build) ? build()
            : throw new KeyNotFoundException($"unknown scenario '{name}' (built-in: {string.Join(", ", Names)}; or a .json scenario file)");

    /// <summary>Loads a scenario file (JSON; format in replay-data/README.md).</summary>
    /// <exception cref="FormatException">The file is not a valid scenario.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Scenario Load(string jsonPath) => Scenario.FromJson(File.ReadAllText(jsonPath), jsonPath);

    /// <summary>A built-in name, or else the path of a scenario file.</summary>
    /// <exception cref="KeyNotFoundException">Neither a built-in name nor an existing file.</exception>
    /// <exception cref="FormatException">The file is not a valid scenario.</exception>
    public static Scenario Resolve(string nameOrFile)
    {
        if (Builders.ContainsKey(nameOrFile))
        {
            return Get(nameOrFile);
        }

        if (File.Exists(nameOrFile))
        {
            return Load(nameOrFile);
        }

        if (nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrFile.Contains('/', StringComparison.Ordinal) || nameOrFile.Contains('\\', StringComparison.Ordinal))
        {
            throw new KeyNotFoundException($"scenario file '{nameOrFile}' does not exist (built-in scenarios: {string.Join(", ", Names)})");
        }

        return Get(nameOrFile);
    }

    private static DateTimeOffset Day(int day, int hour) => new(2026, 3, day, hour, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, PiecewiseLinear> Set(params (string Name, PiecewiseLinear Value)[] items) =>
        items.ToDictionary(i => i.Name, i => i.Value);

    private static Scenario Science() => new(
        "science",
        "Clean WIMP-search running: ~40 Hz of mixed backgrounds (ER single and multiple scatters, a few neutrons, few-electron S2s, S1s from below the cathode, 1 Hz random triggers), τ = 6.5 ms, nominal field and liquid level.",
        7001, RunMode.Science, Day(2, 8), TimeSpan.FromHours(1));

    private static Scenario Kr83mCalibration() => new(
        "kr83m-calibration",
        "Kr-83m injected one minute before the run: 200 Hz decaying with the 1.83 h half-life on top of the science backgrounds. Clean.",
        7002, RunMode.Kr83M, Day(3, 8), TimeSpan.FromHours(1),
        kr83m: new Kr83mSource(200 * Math.Pow(2, 60 / Kr83mSource.DefaultHalfLifeS), InjectionS: -60));

    private static Scenario PurityLoss() => new(
        "purity-loss",
        "Kr-83m running (the tail of an injection, 25 Hz: 30 000 decays per 20 min lifetime window) when the xenon purity degrades: electron lifetime 8 ms until 5 min, falling linearly to 2 ms at 25 min, then 2 ms.",
        7003, RunMode.Kr83M, Day(4, 8), TimeSpan.FromMinutes(40),
        Set((P.ElectronLifetimeUs, PiecewiseLinear.Of(0, 8000, 300, 8000, 1500, 2000))),
        new Kr83mSource(25),
        [new AnomalySpec("purity-loss", "dqm_electron_lifetime.tau_us", 300, 1500,
            "Electron lifetime falls from 8 ms to 2 ms over 20 minutes (an impurity source, e.g. a circulation problem): S2 sizes shrink with depth.",
            ["dqm_electron_lifetime.s2_0_phd"])]);

    private static Scenario CathodeHvSag() => new(
        "cathode-hv-sag",
        "Science running; at 5 min the cathode high voltage sags over 5 minutes: drift field 193 → 140 V/cm, drift velocity falls 7.7 %, so the cathode edge moves out from 953.6 to 1033.2 µs (+8.3 %).",
        7004, RunMode.Science, Day(5, 8), TimeSpan.FromMinutes(20),
        Set((P.DriftFieldVPerCm, PiecewiseLinear.Of(0, 193, 300, 193, 600, 140))),
        anomalies: [new AnomalySpec("cathode-hv-sag", "dqm_drift.cathode_us", 300, null,
            "Cathode HV sags (drift field 193 → 140 V/cm over 5 min): drift velocity drops, the cathode edge of the drift-time spectrum moves out by 8 %.",
            ["dqm_drift.drift_velocity_mm_us"])]);

    private static Scenario LiquidLevelRise() => new(
        "liquid-level-rise",
        "Science running; at 5 min the liquid level rises 0.6 mm over 5 minutes (gas gap 3.0 → 2.4 mm): S2 intrinsic width σ₀ 0.80 → 0.64 µs, SE size and S2 gain −12 %.",
        7005, RunMode.Science, Day(6, 8), TimeSpan.FromMinutes(20),
        Set((P.LiquidLevelMm, PiecewiseLinear.Of(0, 5.0, 300, 5.0, 600, 5.6))),
        anomalies: [new AnomalySpec("liquid-level-rise", "dqm_s2_width.sigma0_us", 300, null,
            "Liquid level rises 0.6 mm (gas gap shrinks 3.0 → 2.4 mm): S2s narrower (σ₀ −20 %) and smaller (SE size, g2 −12 %).",
            ["dqm_electron_lifetime.s2_0_phd"])]);

    private static Scenario RateSpike() => new(
        "rate-spike",
        "Science running; at 5 min an electron-emission burst (a hot spot on the gate) lasts 2 minutes: few-electron S2s (457 Hz more S2 triggers) and random single electrons (150 → 330 Hz) make the S2 and SE pulse rates ×10.",
        7006, RunMode.Science, Day(7, 8), TimeSpan.FromMinutes(15),
        Set(
            (P.S2OnlyHz, PiecewiseLinear.Of(0, 23, 300, 23, 301, 480, 420, 480, 421, 23)),
            (P.SeBaselineHz, PiecewiseLinear.Of(0, 150, 300, 150, 301, 330, 420, 330, 421, 150))),
        anomalies: [new AnomalySpec("rate-spike", "dqm_pulse_rate.hz", 300, 421,
            "Electron-emission burst for 2 minutes: S2 and SE pulse rates ×10 (pulse_class s2 and se), S2 trigger rate ×13.",
            ["dqm_trigger_rate.hz"])]);

    private static Scenario DaqStall() => new(
        "daq-stall",
        "Science running; at 5 min the DAQ stalls for 90 s: no triggers, no data, then it resumes.",
        7007, RunMode.Science, Day(8, 8), TimeSpan.FromMinutes(15),
        Set((P.DaqRunning, PiecewiseLinear.Of(0, 1, 300, 1, 300.001, 0, 390, 0, 390.001, 1))),
        anomalies: [new AnomalySpec("daq-stall", "dqm_trigger_rate.hz", 300.0005, 390.0005,
            "The DAQ stops issuing triggers for 90 s: no chunks at all in that time (the first trigger after it reports its dead time, saturated at 2³²−1 ns).",
            ["dqm_trigger_rate.count"])]);

    private static Scenario DeadtimeBurst() => new(
        "deadtime-burst",
        "Science running; at 5 min the DAQ dead time per trigger rises from 50 µs to 4 ms for 3 minutes (a slow readout): live fraction 0.998 → 0.86.",
        7008, RunMode.Science, Day(9, 8), TimeSpan.FromMinutes(15),
        Set((P.DeadtimePerTriggerUs, PiecewiseLinear.Of(0, 50, 300, 50, 301, 4000, 480, 4000, 481, 50))),
        anomalies: [new AnomalySpec("deadtime-burst", "dqm_trigger_rate.live_fraction", 300, 481,
            "DAQ dead time per trigger rises to 4 ms for 3 minutes: live fraction falls below 0.9 (0.86).",
            ["dqm_trigger_rate.hz"])]);
}

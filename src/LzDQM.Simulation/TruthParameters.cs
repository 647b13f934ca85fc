using System.Globalization;
using LzDQM.Simulation.Physics;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation;

/// <summary>
/// Names of the derived quantities in a truth file (the scenario's inputs, <see cref="ScenarioParameter"/>,
/// are there too under their own names) and how they are computed. Thread-safe (pure).
/// </summary>
public static class TruthParameters
{
    /// <summary>Drift velocity, mm/µs.</summary>
    public const string DriftVelocityMmPerUs = "drift_velocity_mm_per_us";

    /// <summary>Cathode edge of the drift-time spectrum, µs.</summary>
    public const string CathodeUs = "cathode_us";

    /// <summary>S2 intrinsic width σ₀, µs.</summary>
    public const string Sigma0Us = "sigma0_us";

    /// <summary>Single-electron size at the current liquid level, phd.</summary>
    public const string SeSizePhd = "se_size_phd";

    /// <summary>g2, phd per electron at the liquid surface.</summary>
    public const string G2PhdPerElectron = "g2_phd_per_electron";

    /// <summary>Slope of σ² vs drift time, µs²/µs (2·D_L/v²).</summary>
    public const string S2WidthSlopeUs2PerUs = "s2_width_slope_us2_per_us";

    /// <summary>S2 RMS width at the cathode, µs.</summary>
    public const string S2WidthAtCathodeUs = "s2_width_at_cathode_us";

    /// <summary>Mean Kr-83m S1, phd.</summary>
    public const string Kr83mS1MeanPhd = "kr83m_s1_mean_phd";

    /// <summary>Mean Kr-83m S2 at zero drift time, phd.</summary>
    public const string Kr83mS2ZeroPhd = "kr83m_s2_0_phd";

    /// <summary>Kr-83m decay rate, Hz.</summary>
    public const string Kr83mRateHz = "kr83m_rate_hz";

    /// <summary>Physical S2-trigger rate (before dead time), Hz.</summary>
    public const string RateS2Hz = "rate_s2_hz";

    /// <summary>Physical S1-trigger rate, Hz.</summary>
    public const string RateS1Hz = "rate_s1_hz";

    /// <summary>Physical random-trigger rate, Hz.</summary>
    public const string RateRandomHz = "rate_random_hz";

    /// <summary>Physical external-trigger rate, Hz.</summary>
    public const string RateExternalHz = "rate_external_hz";

    /// <summary>Physical LED-trigger rate, Hz.</summary>
    public const string RateLedHz = "rate_led_hz";

    /// <summary>Physical rate of all triggers, Hz.</summary>
    public const string RateAllHz = "rate_all_hz";

    /// <summary>Expected live fraction: 1/(1 + rate·dead time) for a non-paralysable DAQ, 0 while stalled.</summary>
    public const string LiveFraction = "live_fraction";

    /// <summary>Expected recorded trigger rate (rate_all × live_fraction), Hz.</summary>
    public const string RecordedRateAllHz = "recorded_rate_all_hz";

    /// <summary>Mean random single electrons per event window.</summary>
    public const string SeBaselinePerEvent = "se_baseline_per_event";

    /// <summary>Mean SPE pulses per event window.</summary>
    public const string SpePerEvent = "spe_per_event";

    /// <summary>The truth-file parameter holding the physical rate of a trigger-type tag of <c>dqm_trigger_rate</c> (s2, s1, random, external, led, all).</summary>
    public static string RateOfTriggerType(string tag) => "rate_" + tag.ToLowerInvariant() + "_hz";

    internal static ScenarioTruth Build(Scenario scenario, ulong seed, TimeSpan duration)
    {
        var d = duration.TotalSeconds;
        var breakpoints = scenario.Parameters.Values.SelectMany(p => p.Times).ToList();
        if (scenario.Kr83m.InitialHz > 0)
        {
            breakpoints.Add(scenario.Kr83m.InjectionS);
        }

        var stalls = TriggerProcess.StallIntervals(scenario[ScenarioParameter.DaqRunning], d);
        breakpoints.AddRange(stalls.SelectMany(s => new[] { s.From, s.To }));

        var parameters = new Dictionary<string, PiecewiseLinear>();
        foreach (var p in ScenarioParameter.All)
        {
            parameters[p.Name] = new PiecewiseLinear(TruthSampler.Sample(t => scenario.At(p.Name, t), breakpoints, d));
        }

        void Derived(string name, Func<DetectorConditions, double> f) =>
            parameters[name] = new PiecewiseLinear(TruthSampler.Sample(t => f(DetectorConditions.At(scenario, t)), breakpoints, d));

        double Rate(double t, Func<EventSource, bool> which) =>
            EventSources.All.Where(which).Sum(s => s.RateAt(scenario, t));

        void Timed(string name, Func<double, double> f) =>
            parameters[name] = new PiecewiseLinear(TruthSampler.Sample(f, breakpoints, d));

        Derived(DriftVelocityMmPerUs, c => c.DriftVelocityMmPerUs);
        Derived(CathodeUs, c => c.CathodeUs);
        Derived(Sigma0Us, c => c.Sigma0Us);
        Derived(SeSizePhd, c => c.SeSizePhd);
        Derived(G2PhdPerElectron, c => c.G2);
        Derived(S2WidthSlopeUs2PerUs, c => c.WidthSlopeUs2PerUs);
        Derived(S2WidthAtCathodeUs, c => Math.Sqrt((c.Sigma0Us * c.Sigma0Us) + (c.WidthSlopeUs2PerUs * c.CathodeUs)));
        Derived(Kr83mS1MeanPhd, c => c.Kr83mS1MeanPhd);
        Derived(Kr83mS2ZeroPhd, c => c.Kr83mS2ZeroPhd);
        Timed(Kr83mRateHz, scenario.Kr83m.RateAt);
        Timed(RateS2Hz, t => Rate(t, s => s.TriggerTypeOf() == Contracts.V1.TriggerType.S2));
        Timed(RateS1Hz, t => Rate(t, s => s.TriggerTypeOf() == Contracts.V1.TriggerType.S1));
        Timed(RateRandomHz, t => Rate(t, s => s.TriggerTypeOf() == Contracts.V1.TriggerType.Random));
        Timed(RateExternalHz, t => Rate(t, s => s.TriggerTypeOf() == Contracts.V1.TriggerType.External));
        Timed(RateLedHz, t => Rate(t, s => s.TriggerTypeOf() == Contracts.V1.TriggerType.Led));
        Timed(RateAllHz, t => Rate(t, _ => true));
        double Live(double t) => stalls.Any(s => t >= s.From && t < s.To)
            ? 0
            : 1 / (1 + (Rate(t, _ => true) * scenario.At(ScenarioParameter.DeadtimePerTriggerUs, t) * 1e-6));
        Timed(LiveFraction, Live);
        Timed(RecordedRateAllHz, t => Live(t) * Rate(t, _ => true));
        const double windowS = (DetectorConstants.PreTriggerUs + DetectorConstants.PostTriggerUs) * 1e-6;
        Derived(SeBaselinePerEvent, c => c.SeBaselineHz * windowS);
        Derived(SpePerEvent, c => c.SpeRateHz * windowS);

        var startNs = StartTimeNs(scenario);
        return new ScenarioTruth
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Seed = seed,
            Run = scenario.Run,
            RunMode = Scenario.RunModeName(scenario.RunMode),
            StartTimeNs = startNs,
            StartTime = scenario.StartTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            DurationS = d,
            Detector = DetectorConstants.ToDictionary(),
            Kr83m = new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["half_life_s"] = scenario.Kr83m.HalfLifeS,
                ["initial_hz"] = scenario.Kr83m.InitialHz,
                ["injection_s"] = scenario.Kr83m.InjectionS,
            },
            Parameters = parameters,
            Stalls = [.. stalls.Select(s => new[] { s.From, s.To })],
            Anomalies = [.. scenario.Anomalies.Select(a => new TruthAnomaly
            {
                Name = a.Name,
                Metric = a.Metric,
                RelatedMetrics = a.RelatedMetrics,
                OnsetS = a.OnsetS,
                OnsetTimeNs = startNs + (long)Math.Round(a.OnsetS * 1e9),
                EndS = a.EndS,
                EndTimeNs = a.EndS is { } e ? startNs + (long)Math.Round(e * 1e9) : null,
                OnsetInRun = a.OnsetS < d,
                Description = a.Description,
            })],
        };
    }

    /// <summary>Run start in UTC ns since the Unix epoch.</summary>
    public static long StartTimeNs(Scenario scenario) => (scenario.StartTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}

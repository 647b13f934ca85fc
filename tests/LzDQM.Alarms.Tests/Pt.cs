using LzDQM.Contracts.Metrics;

namespace LzDQM.Alarms.Tests;

/// <summary>Synthetic metric points for evaluator tests: t in seconds after a fixed epoch.</summary>
public static class Pt
{
    /// <summary>Event time 0 of the synthetic runs (2026-01-01).</summary>
    public const long T0 = 1_767_225_600_000_000_000;

    /// <summary>Event time of <paramref name="seconds"/> after <see cref="T0"/>.</summary>
    public static long Ns(double seconds) => T0 + (long)(seconds * 1e9);

    /// <summary>A point of any measurement.</summary>
    public static MetricPoint Make(string measurement, uint run, double seconds, IEnumerable<(string Name, double Value)> fields, params (string Key, string Value)[] tags) =>
        new(measurement,
            tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)).Append(new("run", run.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            fields.Select(f => MetricField.Double(f.Name, f.Value)),
            Ns(seconds));

    /// <summary><c>dqm_trigger_rate,trigger_type=all</c> with hz, count and live fraction.</summary>
    public static MetricPoint Trigger(uint run, double seconds, double hz, double liveFraction = 0.998, string type = "all") =>
        Make("dqm_trigger_rate", run, seconds, [("hz", hz), ("count", Math.Round(hz * 60)), ("live_fraction", liveFraction)], ("trigger_type", type));

    /// <summary><c>dqm_pulse_rate</c> of a class.</summary>
    public static MetricPoint Pulse(uint run, double seconds, string pulseClass, double hz) =>
        Make("dqm_pulse_rate", run, seconds, [("hz", hz), ("per_event", hz / 40)], ("pulse_class", pulseClass));

    /// <summary><c>dqm_electron_lifetime,population=kr83m</c>.</summary>
    public static MetricPoint Lifetime(uint run, double seconds, double tauUs, double errUs, double events = 10_000) =>
        Make("dqm_electron_lifetime", run, seconds, [("tau_us", tauUs), ("tau_err_us", errUs), ("n_events", events)], ("population", "kr83m"));
}

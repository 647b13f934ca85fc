using System.Globalization;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks.Tests;

/// <summary>Metric points shaped like the kernel's (SPEC §3), with values that test exact round trips.</summary>
internal static class TestPoints
{
    /// <summary>2023-11-14T22:13:20Z plus an odd ns offset, so ns precision is visible.</summary>
    public const long BaseNs = 1_700_000_000_123_456_789;

    public const long StepNs = 10_000_000_000;

    /// <summary>dqm_trigger_rate points: <paramref name="count"/> windows × the given trigger types.</summary>
    public static List<MetricPoint> TriggerRates(int run, int firstWindow, int count, params string[] triggerTypes)
    {
        var types = triggerTypes.Length == 0 ? ["all"] : triggerTypes;
        var points = new List<MetricPoint>();
        for (var w = firstWindow; w < firstWindow + count; w++)
        {
            foreach (var type in types)
            {
                points.Add(TriggerRate(run, type, w));
            }
        }

        return points;
    }

    public static MetricPoint TriggerRate(int run, string triggerType, int window)
    {
        var hz = 40.0 + (window / 7.0) + (triggerType.Length / 3.0);
        var n = (long)Math.Round(hz * 60);
        return new MetricPoint(
            "dqm_trigger_rate",
            [new("run", run.ToString(CultureInfo.InvariantCulture)), new("trigger_type", triggerType)],
            [
                MetricField.Double("hz", hz),
                MetricField.Double("hz_err", Math.Sqrt(n) / 60.0),
                MetricField.Integer("count", n),
                MetricField.Double("live_fraction", 1.0 - (1e-7 * window) - 0.0123456789),
            ],
            BaseNs + (window * StepNs));
    }

    /// <summary>A dqm_alarm point with characters line protocol must escape in tags and strings.</summary>
    public static MetricPoint Alarm(int run, int window, string message) =>
        new(
            "dqm_alarm",
            [new("run", run.ToString(CultureInfo.InvariantCulture)), new("alarm", "tau low, purity=bad"), new("severity", "critical")],
            [
                MetricField.Integer("state", 2),
                MetricField.Double("value", 1987.654321),
                MetricField.Double("threshold", 2500),
                MetricField.String("message", message),
            ],
            BaseNs + (window * StepNs));
}

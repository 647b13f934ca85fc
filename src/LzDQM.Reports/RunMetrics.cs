using System.Globalization;
using LzDQM.Contracts.Metrics;
using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Reports;

/// <summary>
/// The points of one run (already upserted: one per series and timestamp) with the run's start,
/// from which x = minutes since run start is measured, and the truth when the run was simulated.
/// Immutable after construction.
/// </summary>
internal sealed class RunMetrics
{
    private readonly Dictionary<string, List<MetricPoint>> _byMeasurement;

    public RunMetrics(string run, IReadOnlyList<MetricPoint> points, ScenarioTruth? truth, KernelOptions kernel)
    {
        Run = run;
        Truth = truth;
        Kernel = kernel;
        _byMeasurement = points.GroupBy(p => p.Measurement)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.TimestampNs).ToList(), StringComparer.Ordinal);
        if (truth is not null)
        {
            StartNs = truth.StartTimeNs;
            EndNs = truth.EndTimeNs;
        }
        else
        {
            // The first rate window ends one step after the run starts (windows are truncated to the run).
            var rates = _byMeasurement.GetValueOrDefault(MetricNames.TriggerRate);
            StartNs = rates is { Count: > 0 } ? rates[0].TimestampNs - kernel.Rates.StepNs : points.Min(p => p.TimestampNs) - kernel.Rates.StepNs;
            EndNs = points.Max(p => p.TimestampNs);
        }
    }

    /// <summary>The run tag.</summary>
    public string Run { get; }

    /// <summary>Truth of this run, when simulated.</summary>
    public ScenarioTruth? Truth { get; }

    /// <summary>Window configuration.</summary>
    public KernelOptions Kernel { get; }

    /// <summary>Run start, UTC ns (from the truth, else inferred from the first rate window).</summary>
    public long StartNs { get; }

    /// <summary>Run end (truth) or last window end, UTC ns.</summary>
    public long EndNs { get; }

    /// <summary>Run length in minutes, for the x axis.</summary>
    public double DurationMinutes => Math.Max(Minutes(EndNs), 1e-3);

    /// <summary>Minutes since run start of a UTC ns time.</summary>
    public double Minutes(long timeNs) => (timeNs - StartNs) / 60e9;

    /// <summary>Points of a measurement, by time.</summary>
    public IReadOnlyList<MetricPoint> Of(string measurement) => _byMeasurement.GetValueOrDefault(measurement) ?? [];

    /// <summary>Windows (distinct timestamps) of a measurement.</summary>
    public int Windows(string measurement) => Of(measurement).Select(p => p.TimestampNs).Distinct().Count();

    /// <summary>The series of a metric, one per value of its series tag (in tag order), skipping series without the field.</summary>
    public IReadOnlyList<MetricSeries> Series(MetricDefinition metric, string? only = null)
    {
        var groups = Of(metric.Measurement)
            .Where(p => p.Field(metric.Field) is not null)
            .GroupBy(p => metric.SeriesTag is null ? null : p.Tag(metric.SeriesTag))
            .Where(g => (only ?? metric.OnlySeries) is not { } keep || g.Key == keep)
            .OrderBy(g => SeriesOrder(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        var list = new List<MetricSeries>();
        foreach (var g in groups)
        {
            var pts = g.ToList();
            var values = pts.Select(p => p.Value(metric.Field) * metric.Scale).ToArray();
            double[]? errors = metric.ErrorField is { } ef && pts.All(p => p.Field(ef) is not null)
                ? [.. pts.Select(p => p.Value(ef) * metric.Scale)]
                : null;
            list.Add(new MetricSeries(g.Key, g.Key ?? metric.Label, [.. pts.Select(p => p.TimestampNs)], [.. pts.Select(p => Minutes(p.TimestampNs))], values, errors));
        }

        return list;
    }

    /// <summary>What a window ending at <paramref name="endNs"/> should measure: the truth averaged over it (display units).</summary>
    public double? WindowTruth(MetricDefinition metric, string? series, long endNs)
    {
        if (Truth is null || metric.TruthFor(series) is not { } parameter || !Truth.Parameters.ContainsKey(parameter))
        {
            return null;
        }

        var length = metric.Window(Kernel).LengthNs;
        var from = Math.Max(StartNs, endNs - length);
        return TruthCurve.Average(Truth, parameter, Truth.RunSeconds(from), Truth.RunSeconds(endNs), metric.Average) * metric.Scale;
    }

    /// <summary>The truth of a series as a curve over the run (minutes, display units), or null.</summary>
    public (double[] Minutes, double[] Values)? InstantTruth(MetricDefinition metric, string? series)
    {
        if (Truth is null || metric.TruthFor(series) is not { } parameter || !Truth.Parameters.TryGetValue(parameter, out var curve))
        {
            return null;
        }

        return TruthCurve.Instant(curve, Truth.DurationS, metric.Scale);
    }

    // Trigger types and pulse classes in the order a shifter reads them: the total first.
    private static int SeriesOrder(string? tag) => tag switch
    {
        "all" => 0,
        "s2" => 1,
        "s1" => 2,
        "se" => 3,
        "spe" => 4,
        "random" => 5,
        "kr83m" => 0,
        "single_scatter" => 1,
        _ => 9,
    };

    /// <summary>The run number as a number, for sorting (runs that are not numbers go last).</summary>
    public long SortKey => long.TryParse(Run, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}

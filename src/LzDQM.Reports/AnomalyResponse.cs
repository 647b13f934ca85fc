using LzDQM.Simulation;

namespace LzDQM.Reports;

/// <summary>
/// How one series answered an injected anomaly: the first window ending after the onset whose value
/// differs from the last window before the onset by more than 3σ. σ combines both windows' errors
/// when the metric has them, else √2 × the scatter of the windows before the onset. Overlapping
/// windows are correlated, so this σ is conservative: a 3σ move is a real one. Immutable.
/// </summary>
/// <param name="Anomaly">The anomaly from the truth file.</param>
/// <param name="Metric">The metric watched.</param>
/// <param name="Series">The series (tag value) or the metric label.</param>
/// <param name="Baseline">Value of the last window before the onset.</param>
/// <param name="MovedMinutes">End of the first window that moved, minutes since run start; null when none did.</param>
/// <param name="MovedValue">Its value.</param>
/// <param name="Sigma">The σ used.</param>
/// <param name="Note">Why there is no answer, when there is none.</param>
internal sealed record AnomalyResponse(
    TruthAnomaly Anomaly,
    MetricDefinition Metric,
    string Series,
    double? Baseline,
    double? MovedMinutes,
    double? MovedValue,
    double? Sigma,
    string? Note)
{
    /// <summary>Threshold in σ.</summary>
    public const double Threshold = 3;

    /// <summary>Finds the first window of <paramref name="series"/> that moved after the anomaly's onset.</summary>
    public static AnomalyResponse Find(TruthAnomaly anomaly, MetricDefinition metric, MetricSeries series)
    {
        var before = Enumerable.Range(0, series.Count).Where(i => series.TimesNs[i] <= anomaly.OnsetTimeNs).ToList();
        if (before.Count == 0)
        {
            return new(anomaly, metric, series.Label, null, null, null, null, "no window ended before the onset");
        }

        var b = before[^1];
        var baseline = series.Values[b];
        double? scatter = null;
        if (series.Errors is null)
        {
            if (before.Count < 3)
            {
                return new(anomaly, metric, series.Label, baseline, null, null, null, "too few windows before the onset to know the scatter");
            }

            var pre = before.Select(i => series.Values[i]).ToList();
            var mean = pre.Average();
            var sd = Math.Sqrt(pre.Sum(v => (v - mean) * (v - mean)) / (pre.Count - 1));
            scatter = Math.Max(Math.Sqrt(2) * sd, 1e-9 * Math.Abs(mean));
        }

        for (var i = b + 1; i < series.Count; i++)
        {
            var sigma = scatter ?? Math.Sqrt((series.Errors![i] * series.Errors[i]) + (series.Errors[b] * series.Errors[b]));
            if (sigma > 0 && Math.Abs(series.Values[i] - baseline) > Threshold * sigma)
            {
                return new(anomaly, metric, series.Label, baseline, series.Minutes[i], series.Values[i], sigma, null);
            }
        }

        return new(anomaly, metric, series.Label, baseline, null, null, scatter, $"no window moved by more than {Threshold:0}σ");
    }
}

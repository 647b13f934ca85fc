namespace LzDQM.Reports;

/// <summary>One line of a run's summary table: a series' last window against the truth. Immutable.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Series">Series label.</param>
/// <param name="Windows">Windows written.</param>
/// <param name="LastMinutes">End of the last window, minutes since run start.</param>
/// <param name="Last">Value of the last window (display units).</param>
/// <param name="LastError">Its 1σ error, when the metric has one.</param>
/// <param name="Truth">The truth averaged over the last window, when known.</param>
/// <param name="Min">Smallest value over the run.</param>
/// <param name="Max">Largest value over the run.</param>
internal sealed record SummaryRow(MetricDefinition Metric, string Series, int Windows, double LastMinutes, double Last, double? LastError, double? Truth, double Min, double Max)
{
    /// <summary>(last − truth) / error, when both are known.</summary>
    public double? Pull => Truth is { } t && LastError is > 0 ? (Last - t) / LastError.Value : null;

    /// <summary>(last − truth) / truth, when the truth is known and not zero.</summary>
    public double? RelativeDeviation => Truth is { } t && t != 0 ? (Last - t) / t : null;

    /// <summary>The rows of a run: one per series of every catalogued metric that has points.</summary>
    public static List<SummaryRow> For(RunMetrics run)
    {
        var rows = new List<SummaryRow>();
        foreach (var metric in MetricCatalog.All)
        {
            var only = metric == MetricCatalog.LiveFraction ? "all" : null; // the same for every trigger type
            foreach (var s in run.Series(metric, only).Where(s => !s.AllZero || metric == MetricCatalog.LiveFraction))
            {
                var last = s.Count - 1;
                rows.Add(new SummaryRow(metric, s.Label, s.Count, s.Minutes[last], s.Values[last], s.Errors?[last],
                    run.WindowTruth(metric, s.Tag, s.TimesNs[last]), s.Values.Min(), s.Values.Max()));
            }
        }

        return rows;
    }
}

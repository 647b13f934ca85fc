namespace LzDQM.Reports;

/// <summary>What the report holds for one run: its metrics, summary rows, anomaly responses and panels. Immutable.</summary>
/// <param name="Metrics">The run's points and truth.</param>
/// <param name="Summary">Summary table rows.</param>
/// <param name="Anomalies">How each injected anomaly's metrics answered.</param>
/// <param name="Panels">The plots.</param>
internal sealed record RunSection(RunMetrics Metrics, IReadOnlyList<SummaryRow> Summary, IReadOnlyList<AnomalyResponse> Anomalies, IReadOnlyList<ReportPanel> Panels)
{
    /// <summary>Builds the section of a run (renders its plots).</summary>
    public static RunSection Build(RunMetrics run, ReportOptions options) =>
        new(run, SummaryRow.For(run), Responses(run), RunPanels.Draw(run, options));

    private static List<AnomalyResponse> Responses(RunMetrics run)
    {
        var list = new List<AnomalyResponse>();
        if (run.Truth is null)
        {
            return list;
        }

        foreach (var anomaly in run.Truth.Anomalies.Where(a => a.OnsetInRun))
        {
            foreach (var key in new[] { anomaly.Metric }.Concat(anomaly.RelatedMetrics ?? []))
            {
                if (MetricCatalog.Find(key) is not { } metric)
                {
                    continue;
                }

                foreach (var s in run.Series(metric).Where(s => !s.AllZero))
                {
                    list.Add(AnomalyResponse.Find(anomaly, metric, s));
                }
            }
        }

        return list;
    }
}

using System.Text;
using LzDQM.Contracts.Metrics;
using LzDQM.Simulation;

namespace LzDQM.Reports;

/// <summary>
/// Turns metric points (and, for a simulated replay, its truth) into one self-contained HTML page:
/// per run, plots of every metric over time with errors, the truth and the anomaly onsets overlaid,
/// a summary table (last value ± error against the truth) and, for each injected anomaly, the first
/// window where its metric moved by more than 3σ. Points are upserted as InfluxDB would (the last
/// write of a series and timestamp wins). Not thread-safe; build, then read.
/// </summary>
public sealed class MetricReport
{
    private readonly ReportOptions _options;
    private readonly List<RunMetrics> _runs;
    private readonly int _points;
    private List<RunSection>? _sections;

    /// <summary>Prepares a report of <paramref name="points"/>; the truth applies to the run it names.</summary>
    public MetricReport(IEnumerable<MetricPoint> points, ScenarioTruth? truth = null, ReportOptions? options = null)
    {
        _options = options ?? new ReportOptions();
        var upserted = MetricPointUpsert.LastWrites(points);
        _points = upserted.Count;
        var truthRun = truth?.Run.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _runs = [.. upserted
            .Where(p => p.Tag("run") is not null)
            .GroupBy(p => p.Tag("run")!)
            .Select(g => new RunMetrics(g.Key, [.. g], g.Key == truthRun ? truth : null, _options.Kernel))
            .OrderBy(r => r.SortKey)
            .ThenBy(r => r.Run, StringComparer.Ordinal)];
    }

    /// <summary>Runs in the report, by run number.</summary>
    public IReadOnlyList<string> Runs => [.. _runs.Select(r => r.Run)];

    /// <summary>Every plot of every run (rendered on first use).</summary>
    public IReadOnlyList<ReportPanel> Panels => [.. Sections.SelectMany(s => s.Panels)];

    private List<RunSection> Sections => _sections ??= [.. _runs.Select(r => RunSection.Build(r, _options))];

    /// <summary>The report as one HTML document.</summary>
    public string ToHtml() => ReportHtml.Write(Sections, _options, _points);

    /// <summary>Writes the report to <paramref name="path"/> (whole or not at all: via a temporary file).</summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".partial";
        File.WriteAllText(temp, ToHtml(), new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }
}

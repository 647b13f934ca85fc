using System.Globalization;
using System.Net;
using System.Text;

namespace LzDQM.Reports;

/// <summary>Writes the report as one self-contained HTML page: inline CSS, plots as base64 PNG, no scripts, no external assets. Pure.</summary>
internal static class ReportHtml
{
    private const string Style = """
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1500px; padding: 1em 2em; color: #1a1a1a; background: #fff; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; }
        h3 { margin-top: 1.2em; } .meta { color: #444; margin: 0.2em 0; } .note { color: #555; font-size: 0.92em; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.95em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
        th { background: #eef3f8; } tr:nth-child(even) td { background: #fafafa; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .ok { color: #00704f; font-weight: bold; } .off { color: #b34700; font-weight: bold; } .miss { color: #777; }
        .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(620px, 1fr)); gap: 1.2em; }
        figure { margin: 0; border: 1px solid #ddd; padding: 0.4em; background: #fff; }
        figure img { width: 100%; height: auto; display: block; } figcaption { font-size: 0.9em; color: #333; padding: 0.3em; }
        nav a { margin-right: 1em; }
        """;

    public static string Write(IReadOnlyList<RunSection> runs, ReportOptions options, int points)
    {
        var h = new StringBuilder(1 << 20);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>LzDQM report: ").Append(E(string.Join(", ", runs.Select(r => "run " + r.Metrics.Run)))).Append("</title>\n");
        h.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>LzDQM data-quality report</h1>\n");
        h.Append("<p class=\"meta\">").Append(points.ToString("N0", CultureInfo.InvariantCulture)).Append(" metric points");
        if (options.Source is { } source)
        {
            h.Append(" from <code>").Append(E(source)).Append("</code>");
        }

        if (options.GeneratedAt is { } at)
        {
            h.Append(", made ").Append(E(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        }

        h.Append(". Times are minutes since the start of each run; every point is a window, drawn at the window's end.</p>\n");
        if (runs.Count == 0)
        {
            h.Append("<p>No run metrics in the input (points without a <code>run</code> tag are not plotted).</p>\n");
        }
        else if (runs.Count > 1)
        {
            h.Append("<nav>Runs: ");
            foreach (var r in runs)
            {
                h.Append("<a href=\"#run").Append(E(r.Metrics.Run)).Append("\">").Append(E(r.Metrics.Run)).Append("</a>");
            }

            h.Append("</nav>\n");
        }

        foreach (var r in runs)
        {
            Run(h, r);
        }

        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Run(StringBuilder h, RunSection section)
    {
        var run = section.Metrics;
        h.Append("<h2 id=\"run").Append(E(run.Run)).Append("\">Run ").Append(E(run.Run));
        if (run.Truth is { } truth)
        {
            h.Append(": simulated scenario <code>").Append(E(truth.Scenario)).Append("</code> (").Append(E(truth.RunMode)).Append(')');
        }

        h.Append("</h2>\n<p class=\"meta\">Start ").Append(E(Utc(run.StartNs)));
        h.Append(run.Truth is null ? " (inferred from the first rate window)" : string.Empty);
        h.Append(", ").Append(ValueText.Minutes(run.DurationMinutes)).Append(" min");
        h.Append(". Windows: ");
        h.Append(string.Join(", ", new[] { Kernel.MetricNames.TriggerRate, Kernel.MetricNames.PulseRate, Kernel.MetricNames.ElectronLifetime, Kernel.MetricNames.Drift, Kernel.MetricNames.S2Width }
            .Select(m => $"{m} {run.Windows(m)}")));
        h.Append(".</p>\n");
        if (run.Truth is { } t)
        {
            h.Append("<p class=\"meta\">").Append(E(t.Description)).Append(" Truth overlaid from the simulation (seed ").Append(t.Seed.ToString(CultureInfo.InvariantCulture)).Append(").</p>\n");
            Anomalies(h, section);
        }

        Summary(h, section);
        h.Append("<h3>Plots</h3>\n<div class=\"panels\">\n");
        foreach (var p in section.Panels)
        {
            h.Append("<figure id=\"").Append(E(p.Id)).Append("\"><img alt=\"").Append(E(p.Title)).Append("\" src=\"data:image/png;base64,");
            h.Append(Convert.ToBase64String(p.Png)).Append("\">\n<figcaption><b>").Append(E(p.Title)).Append(".</b> ").Append(E(p.Caption)).Append("</figcaption></figure>\n");
        }

        h.Append("</div>\n");
    }

    private static void Anomalies(StringBuilder h, RunSection section)
    {
        var anomalies = section.Metrics.Truth!.Anomalies;
        h.Append("<h3>Injected anomalies</h3>\n");
        if (anomalies.Count == 0)
        {
            h.Append("<p>None: a clean run. No metric should move.</p>\n");
            return;
        }

        h.Append("<table>\n<tr><th>anomaly</th><th>onset (min)</th><th>end (min)</th><th>what happens</th></tr>\n");
        foreach (var a in anomalies)
        {
            h.Append("<tr><td>").Append(E(a.Name)).Append("</td><td class=\"num\">").Append(ValueText.Minutes(a.OnsetS / 60));
            h.Append(a.OnsetInRun ? string.Empty : " (after the run)").Append("</td><td class=\"num\">");
            h.Append(a.EndS is { } end ? ValueText.Minutes(end / 60) : "run end").Append("</td><td>").Append(E(a.Description)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
        if (section.Anomalies.Count == 0)
        {
            return;
        }

        h.Append("<p class=\"note\">First window whose value moved by more than ").Append(AnomalyResponse.Threshold.ToString(CultureInfo.InvariantCulture));
        h.Append("σ from the last window before the onset (σ from both windows' errors, or from the scatter before the onset when the metric has no error):</p>\n");
        h.Append("<table>\n<tr><th>anomaly</th><th>metric</th><th>series</th><th>before onset</th><th>first window &gt; 3σ (min)</th><th>after onset (min)</th><th>value there ± the σ used</th></tr>\n");
        foreach (var r in section.Anomalies)
        {
            h.Append("<tr><td>").Append(E(r.Anomaly.Name)).Append("</td><td>").Append(E(r.Metric.Label)).Append(Unit(r.Metric)).Append("</td><td>").Append(E(r.Series)).Append("</td>");
            h.Append("<td class=\"num\">").Append(r.Baseline is { } b ? ValueText.Plain(b) : "—").Append("</td>");
            if (r.MovedMinutes is { } m)
            {
                h.Append("<td class=\"num ok\">").Append(ValueText.Minutes(m)).Append("</td><td class=\"num\">");
                h.Append(ValueText.Minutes(m - (r.Anomaly.OnsetS / 60))).Append("</td><td class=\"num\">");
                h.Append(ValueText.WithError(r.MovedValue!.Value, r.Sigma)).Append("</td></tr>\n");
            }
            else
            {
                h.Append("<td class=\"miss\" colspan=\"3\">").Append(E(r.Note ?? "—")).Append("</td></tr>\n");
            }
        }

        h.Append("</table>\n");
    }

    private static void Summary(StringBuilder h, RunSection section)
    {
        h.Append("<h3>Summary: last window of each metric</h3>\n");
        var truth = section.Metrics.Truth is not null;
        h.Append("<table>\n<tr><th>metric</th><th>series</th><th>last window (min)</th><th>last value</th>");
        h.Append(truth ? "<th>truth (window average)</th><th>deviation</th>" : string.Empty);
        h.Append("<th>range over the run</th><th>windows</th></tr>\n");
        foreach (var r in section.Summary)
        {
            h.Append("<tr><td>").Append(E(r.Metric.Label)).Append(Unit(r.Metric)).Append("</td><td>").Append(E(r.Series)).Append("</td>");
            h.Append("<td class=\"num\">").Append(ValueText.Minutes(r.LastMinutes)).Append("</td>");
            h.Append("<td class=\"num\">").Append(ValueText.WithError(r.Last, r.LastError)).Append("</td>");
            if (truth)
            {
                h.Append("<td class=\"num\">").Append(r.Truth is { } tv ? ValueText.Plain(tv) : "—").Append("</td>");
                h.Append(Deviation(r));
            }

            h.Append("<td class=\"num\">").Append(ValueText.Plain(r.Min)).Append(" … ").Append(ValueText.Plain(r.Max)).Append("</td>");
            h.Append("<td class=\"num\">").Append(r.Windows.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
    }

    private static string Deviation(SummaryRow r)
    {
        if (r.Pull is { } pull)
        {
            var cls = Math.Abs(pull) <= 3 ? "ok" : "off";
            return $"<td class=\"num {cls}\">{pull.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)}σ</td>";
        }

        if (r.Truth is { } truth)
        {
            // No error to compare with: the difference in the metric's unit, and in % where that means something.
            var diff = r.Last - truth;
            var text = (diff >= 0 ? "+" : "−") + ValueText.Plain(Math.Abs(diff)) + (r.Metric.Unit.Length > 0 ? " " + r.Metric.Unit : string.Empty);
            if (r.RelativeDeviation is { } rel && Math.Abs(rel) < 1)
            {
                text += $" ({(100 * rel).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)} %)";
            }

            return $"<td class=\"num\">{E(text)}</td>";
        }

        return "<td class=\"miss\">—</td>";
    }

    private static string Unit(MetricDefinition m) => m.Unit.Length == 0 ? string.Empty : " (" + E(m.Unit) + ")";

    private static string Utc(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}

using System.Globalization;
using System.Text;
using LzDQM.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LzDQM.Cli.Demo;

/// <summary>Draws a <see cref="LiveSample"/>: a Spectre.Console layout for a terminal, one plain line for logs. Pure.</summary>
internal static class LiveView
{
    private const int BarWidth = 30;

    /// <summary>The live layout: header, runs, cluster, replay progress.</summary>
    public static IRenderable Render(LiveSample s)
    {
        var header = new Markup($"[bold]{Markup.Escape(s.Title)}[/]  [grey]{Elapsed(s.Elapsed)}[/]  [yellow]{Markup.Escape(s.Phase)}[/]");
        // Runs are columns and metrics rows: fits an 80-column terminal for a run or two.
        var runs = new Table().Border(TableBorder.Rounded).Title("[bold]runs[/] [grey](open windows, provisional)[/]").AddColumn("metric");
        foreach (var r in s.Runs)
        {
            runs.AddColumn(new TableColumn(r.Stopped ? $"run {r.Run} [grey](stopped)[/]" : $"[bold]run {r.Run}[/]").RightAligned());
        }

        if (s.Runs.Count == 0)
        {
            runs.AddColumn(new TableColumn("[grey]no run yet[/]"));
        }

        void Row(string label, Func<LiveRun, string> cell) => runs.AddRow([label, .. s.Runs.Select(cell), .. s.Runs.Count == 0 ? new[] { string.Empty } : []]);
        Row("partition → node", r => r.Partition < 0 ? "–" : $"p{r.Partition} → {Markup.Escape(r.Node)}");
        Row("event time", r => r.EventMinutes is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m:0.0} min") : "–");
        Row("trigger rate", r => Cell(r.TriggerHz, "Hz"));
        Row("live fraction", r => Cell(r.LiveFraction, string.Empty));
        Row("τ electron lifetime", r => Cell(r.TauMs, "ms") + (r.TauPopulation is { } pop ? $" [grey]{Markup.Escape(pop)}[/]" : string.Empty));
        Row("cathode edge", r => Cell(r.CathodeUs, "µs"));
        Row("S2 width σ₀", r => Cell(r.Sigma0Us, "µs"));
        Row("diffusion D_L", r => Cell(r.DiffusionCm2S, "cm²/s"));
        Row("alarms", r => r.Alarms is { Count: > 0 } alarms
            ? string.Join("\n", alarms.Select(a => $"[{(a.Firing ? "red" : "orange1")}]{Markup.Escape(a.Name)} {(a.Firing ? "FIRING" : "pending")}[/]"))
            : "[green]OK[/]");

        var nodes = new Table().Border(TableBorder.Rounded).Title("[bold]cluster[/]")
            .AddColumn("node").AddColumn("partitions").AddColumn(new TableColumn("lag (messages)").RightAligned())
            .AddColumn(new TableColumn("events/s").RightAligned()).AddColumn(new TableColumn("events").RightAligned());
        foreach (var n in s.Nodes)
        {
            nodes.AddRow(Markup.Escape(n.Name), n.Partitions.Count == 0 ? "[grey]none[/]" : string.Join(", ", n.Partitions.Select(p => "p" + p.ToString(CultureInfo.InvariantCulture))),
                n.Lag.ToString("N0", CultureInfo.InvariantCulture), n.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture), n.Events.ToString("N0", CultureInfo.InvariantCulture));
        }

        nodes.Caption(Markup.Escape("cluster view: " + Owners(s)));
        return new Rows(header, new Columns(runs, nodes) { Expand = false }, new Markup(Markup.Escape(Progress(s))));
    }

    /// <summary>One line for redirected output (CI logs).</summary>
    public static string PlainLine(LiveSample s)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"demo [{Elapsed(s.Elapsed)}] {s.Phase}: {Progress(s)}");
        foreach (var r in s.Runs)
        {
            sb.Append(CultureInfo.InvariantCulture, $" | run {r.Run}{(r.Stopped ? " (stopped)" : string.Empty)} p{r.Partition}@{r.Node}");
            sb.Append(" rate ").Append(Text(r.TriggerHz, "Hz")).Append(", live ").Append(Text(r.LiveFraction, string.Empty));
            sb.Append(", τ ").Append(Text(r.TauMs, "ms")).Append(", cathode ").Append(Text(r.CathodeUs, "µs"));
            sb.Append(", σ₀ ").Append(Text(r.Sigma0Us, "µs")).Append(", D_L ").Append(Text(r.DiffusionCm2S, "cm²/s"));
            sb.Append(", alarms ").Append(r.Alarms is { Count: > 0 } alarms
                ? string.Join(" ", alarms.Select(a => $"{a.Name} {(a.Firing ? "FIRING" : "pending")} ({a.Severity})"))
                : "OK");
        }

        sb.Append(" | cluster view ").Append(Owners(s));
        sb.Append(" | nodes ").Append(string.Join(", ", s.Nodes.Select(n => $"{n.Name} [{string.Join(",", n.Partitions.Select(p => "p" + p.ToString(CultureInfo.InvariantCulture)))}]")));
        return sb.ToString();
    }

    private static string Owners(LiveSample s) => s.ClusterOwners.Count == 0
        ? "no owner announced yet"
        : string.Join(", ", s.ClusterOwners.Select(o => string.Create(CultureInfo.InvariantCulture, $"p{o.Partition} → {o.Node}")));

    private static string Progress(LiveSample s)
    {
        var parts = new List<string>();
        if (s.Replay is { } r)
        {
            var filled = (int)Math.Round(Math.Clamp(r.Fraction, 0, 1) * BarWidth);
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"replay {new string('█', filled)}{new string('░', BarWidth - filled)} {100 * r.Fraction:0} % ({r.EventMinutes:0.0} of {r.TotalMinutes:0.0} min of data{(r.Held ? ", held for the cluster" : string.Empty)})"));
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"throughput {s.EventsPerSecond:N0} events/s"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"consumer lag {s.Lag:N0}"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"points written {s.PointsWritten:N0}"));
        return string.Join(" · ", parts);
    }

    private static string Cell(LiveValue? v, string unit) => Markup.Escape(Text(v, unit));

    private static string Text(LiveValue? v, string unit) =>
        v is { } x ? ValueText.WithError(x.Value, x.Error) + (unit.Length > 0 ? " " + unit : string.Empty) : "–";

    private static string Elapsed(TimeSpan t) => t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}

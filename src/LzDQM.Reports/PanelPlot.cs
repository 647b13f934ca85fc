using ScottPlot;
using ScottPlot.TickGenerators;

namespace LzDQM.Reports;

/// <summary>
/// One report plot being drawn: x = minutes since run start, series with error bars, truth curves,
/// anomaly onsets and DAQ stalls, optional log y. Not thread-safe; one per panel.
/// </summary>
internal sealed class PanelPlot : IDisposable
{
    private readonly Plot _plot = new();
    private readonly RunMetrics _run;
    private readonly bool _logY;
    private int _colour;

    public PanelPlot(RunMetrics run, string title, string yLabel, bool logY = false)
    {
        ReportFont.Register();
        _run = run;
        _logY = logY;
        _plot.Font.Set(ReportFont.Family);
        _plot.Title(title, size: 17);
        _plot.XLabel("minutes since run start", size: 14);
        _plot.YLabel(logY ? yLabel + ", log scale" : yLabel, size: 14);
        _plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        _plot.Axes.Left.TickLabelStyle.FontSize = 12;
        _plot.Grid.MajorLineColor = Color.FromHex("#E4E4E4");
        if (logY)
        {
            _plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => FormatDecade(Math.Pow(10, y)),
            };
        }
    }

    /// <summary>Whether anything was plotted.</summary>
    public bool HasData { get; private set; }

    /// <summary>Adds a measured series: markers joined by a thin line, with its error bars.</summary>
    public Color AddSeries(MetricSeries series, string? legend = null, Color? colour = null)
    {
        var c = colour ?? ReportPalette.Series[_colour++ % ReportPalette.Series.Length];
        var keep = Enumerable.Range(0, series.Count).Where(i => !_logY || series.Values[i] > 0).ToArray();
        if (keep.Length == 0)
        {
            return c;
        }

        var xs = keep.Select(i => series.Minutes[i]).ToArray();
        var ys = keep.Select(i => Y(series.Values[i])).ToArray();
        if (series.Errors is { } errors)
        {
            var up = keep.Select(i => Y(series.Values[i] + errors[i]) - Y(series.Values[i])).ToArray();
            var down = keep.Select(i => Y(series.Values[i]) - Y(Math.Max(series.Values[i] - errors[i], series.Values[i] * 1e-3))).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, up, down);
            _plot.Add.Plottable(bars);
            bars.Color = c.WithAlpha(0.75);
            bars.LineWidth = 1.2f;
            bars.CapSize = series.Count > 120 ? 0 : 3;
        }

        var scatter = _plot.Add.Scatter(xs, ys, c);
        scatter.LineWidth = 1;
        scatter.MarkerSize = series.Count > 120 ? 3 : 5;
        scatter.LegendText = legend ?? series.Label;
        HasData = true;
        return c;
    }

    /// <summary>Adds a truth curve: solid for the instantaneous truth, dashed for a window average.</summary>
    public void AddTruth(double[] minutes, double[] values, string legend, Color colour, bool dashed, float width = 2)
    {
        var keep = Enumerable.Range(0, minutes.Length).Where(i => !_logY || values[i] > 0).ToArray();
        if (keep.Length == 0)
        {
            return;
        }

        var line = _plot.Add.ScatterLine(keep.Select(i => minutes[i]).ToArray(), keep.Select(i => Y(values[i])).ToArray(), colour);
        line.LineWidth = width;
        line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        line.LegendText = legend;
    }

    /// <summary>Marks anomaly onsets (dashed vermillion lines) and DAQ stalls (grey bands) from the truth.</summary>
    public void AddTruthEvents()
    {
        if (_run.Truth is not { } truth)
        {
            return;
        }

        foreach (var stall in truth.Stalls)
        {
            var span = _plot.Add.HorizontalSpan(stall[0] / 60, stall[1] / 60, ReportPalette.Grey.WithAlpha(0.18));
            span.LegendText = "DAQ stalled";
        }

        var first = true;
        foreach (var a in truth.Anomalies.Where(a => a.OnsetInRun))
        {
            if (a.EndS is { } end)
            {
                _plot.Add.HorizontalSpan(a.OnsetS / 60, end / 60, ReportPalette.Onset.WithAlpha(0.06));
            }

            var line = _plot.Add.VerticalLine(a.OnsetS / 60, 2, ReportPalette.Onset, LinePattern.Dashed);
            line.LegendText = first ? "anomaly onset" : string.Empty;
            line.Text = a.Name;
            line.LabelFontSize = 12;
            line.LabelFontName = ReportFont.Family;
            line.LabelBackgroundColor = ReportPalette.Onset;
            first = false;
        }
    }

    /// <summary>The y range shown is at least this wide (display units); 0: as the data need.</summary>
    public double MinSpan { get; set; }

    /// <summary>Values the y range must include (e.g. an alarm level).</summary>
    public List<double> IncludeY { get; } = [];

    /// <summary>Draws a horizontal reference level (e.g. an alarm threshold) with a label.</summary>
    public void AddLevel(double y, string label)
    {
        var line = _plot.Add.HorizontalLine(Y(y), 1.5f, ReportPalette.Vermillion.WithAlpha(0.7), LinePattern.Dotted);
        line.LegendText = label;
        IncludeY.Add(y);
    }

    /// <summary>Renders the plot as PNG bytes.</summary>
    public byte[] Render(int width, int height)
    {
        _plot.Axes.AutoScale();
        var limits = _plot.Axes.GetLimits();
        _plot.Axes.SetLimitsX(0, _run.DurationMinutes * 1.01);
        if (_logY)
        {
            // A fifth of a decade of air above and below, so no series sits on the frame.
            _plot.Axes.SetLimitsY(limits.Bottom - 0.2, limits.Top + 0.2);
        }
        else
        {
            var bottom = IncludeY.Aggregate(limits.Bottom, Math.Min);
            var top = IncludeY.Aggregate(limits.Top, Math.Max);
            var span = Math.Max(top - bottom, Math.Max(MinSpan, Math.Abs(top) * 1e-6));
            var centre = (top + bottom) / 2;
            var pad = span * (top - bottom < span ? 0.5 : 0.55); // 5 % air when the data set the range
            _plot.Axes.SetLimitsY(centre - pad, centre + pad);
        }

        // Outside the data area: a legend never hides a point.
        _plot.Legend.FontName = ReportFont.Family;
        _plot.Legend.FontSize = 12;
        _plot.ShowLegend(Edge.Right);
        return _plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <inheritdoc/>
    public void Dispose() => _plot.Dispose();

    private double Y(double v) => _logY ? Math.Log10(v) : v;

    private static string FormatDecade(double v) => v switch
    {
        >= 1 => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
    };
}

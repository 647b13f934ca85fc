using System.Globalization;

namespace LzDQM.Reports;

/// <summary>Draws the panels of one run, in the order a shifter reads them. Thread-safe (pure apart from rendering).</summary>
internal static class RunPanels
{
    public static List<ReportPanel> Draw(RunMetrics run, ReportOptions options)
    {
        var panels = new List<ReportPanel>();
        void Add(string id, string title, string caption, PanelPlot plot)
        {
            if (plot.HasData)
            {
                plot.AddTruthEvents();
                panels.Add(new ReportPanel($"run{run.Run}-{id}", title, caption, plot.Render(options.PlotWidth, options.PlotHeight)));
            }

            plot.Dispose();
        }

        Add("trigger-rate", "Trigger rate by type", TriggerCaption(run), TriggerRates(run));
        Add("live-fraction", "Live fraction", "Fraction of the window the DAQ could trigger (1 − dead time); it should sit near 1. Below 0.9 the DAQ is losing data. Truth: the expected live fraction.", LiveFraction(run));
        Add("pulse-rate", "Pulse rate by class", "Pulses of each class per second. An electron-emission burst or a hot PMT shows here first: S2 and SE ×10.", PulseClasses(run, MetricCatalog.PulseRate, "pulse rate by class"));
        Add("pulses-per-event", "Pulses per event by class", "Mean number of pulses of each class per triggered event: the make-up of an event. It shifts when the trigger mix shifts (S2-only triggers carry no S1).", PulseClasses(run, MetricCatalog.PulsesPerEvent, "pulses per event by class"));
        Add("lifetime", "Electron lifetime τ", LifetimeCaption(run), Lifetime(run));
        Add("s2-zero", "Kr-83m S2 at zero drift time", "S2₀ of the lifetime fit (Kr-83m population): the S2 gain. A liquid-level change moves it.", Single(run, MetricCatalog.S2Zero, "kr83m", "Kr-83m S2₀"));
        Add("cathode", "Cathode edge of the drift-time spectrum", "Half-height of the falling edge at the cathode ± its error. It moves out when the drift field sags.", Single(run, MetricCatalog.Cathode, null, "Cathode edge"));
        Add("gate", "Gate edge of the drift-time spectrum", "Half-height of the rising edge at the gate (events just under the gate).", Single(run, MetricCatalog.Gate, null, "Gate edge"));
        Add("drift-velocity", "Drift velocity", "Drift length (1456 mm) over the cathode − gate edge distance.", Single(run, MetricCatalog.DriftVelocity, null, "Drift velocity"));
        Add("sigma0", "S2 intrinsic width σ₀", "Intercept of the σ² vs drift-time fit: the S2 width with no drift. Grows with the gas gap (liquid level).", Single(run, MetricCatalog.Sigma0, null, "S2 width σ₀"));
        Add("diffusion", "Longitudinal diffusion D_L", "From the slope of σ² vs drift time: D_L = slope·v²/2.", Single(run, MetricCatalog.Diffusion, null, "Longitudinal diffusion D_L"));
        return panels;
    }

    private static PanelPlot TriggerRates(RunMetrics run)
    {
        var plot = new PanelPlot(run, $"Run {run.Run}: trigger rate by type ({WindowText(MetricCatalog.TriggerRate, run)} windows, ±1σ)", "rate (Hz)", logY: true);
        var legend = "truth (dashed)";
        foreach (var s in run.Series(MetricCatalog.TriggerRate).Where(s => !s.AllZero))
        {
            var colour = plot.AddSeries(s);
            if (run.InstantTruth(MetricCatalog.TriggerRate, s.Tag) is { } truth)
            {
                plot.AddTruth(truth.Minutes, truth.Values, legend, colour, dashed: true, width: 1.5f);
                legend = string.Empty; // one legend entry for all the dashed lines
            }
        }

        return plot;
    }

    private static string TriggerCaption(RunMetrics run)
    {
        var never = run.Series(MetricCatalog.TriggerRate).Where(s => s.AllZero).Select(s => s.Label).ToList();
        var text = "Rates corrected for dead time, ±1σ (Poisson). Dashed: the simulated physical rate of each type.";
        return never.Count == 0 ? text : text + $" No {string.Join(", ", never)} triggers in this run.";
    }

    private static PanelPlot LiveFraction(RunMetrics run)
    {
        var plot = Single(run, MetricCatalog.LiveFraction, "all", "live fraction");
        plot.AddLevel(0.9, "0.9: DAQ losing data");
        plot.IncludeY.Add(1);
        return plot;
    }

    private static PanelPlot PulseClasses(RunMetrics run, MetricDefinition metric, string title)
    {
        var plot = new PanelPlot(run, $"Run {run.Run}: {title} ({WindowText(metric, run)} windows)", metric.AxisLabel, logY: true);
        foreach (var s in run.Series(metric).Where(s => !s.AllZero))
        {
            plot.AddSeries(s);
        }

        return plot;
    }

    private static PanelPlot Lifetime(RunMetrics run)
    {
        var plot = new PanelPlot(run, $"Run {run.Run}: electron lifetime τ ({WindowText(MetricCatalog.Lifetime, run)} windows, ±1σ)", MetricCatalog.Lifetime.AxisLabel);
        var series = run.Series(MetricCatalog.Lifetime);
        foreach (var s in series)
        {
            plot.AddSeries(s, s.Label == "single_scatter" ? "single scatters" : s.Label == "kr83m" ? "Kr-83m" : s.Label);
        }

        AddTruthPair(plot, run, MetricCatalog.Lifetime, series.Count > 0 ? series[0] : null);
        return plot;
    }

    private static string LifetimeCaption(RunMetrics run) =>
        $"S2 = S2₀·exp(−t/τ) fitted over the drift range per {run.Kernel.Lifetime.LengthNs / 60e9:0}-minute window. " +
        "Solid black: the true τ at each moment; dashed grey: what a window ending there should measure (truth averaged over the window: the fit lags a falling τ).";

    private static PanelPlot Single(RunMetrics run, MetricDefinition metric, string? only, string title)
    {
        var errors = metric.ErrorField is null ? string.Empty : ", ±1σ";
        var plot = new PanelPlot(run, $"Run {run.Run}: {title} ({WindowText(metric, run)} windows{errors})", metric.AxisLabel);
        var series = run.Series(metric, only);
        foreach (var s in series)
        {
            plot.AddSeries(s, legend: "measured");
        }

        if (series.Count > 0 && metric.MinRelativeSpan > 0)
        {
            plot.MinSpan = metric.MinRelativeSpan * Math.Abs(series[0].Values.Average());
        }

        AddTruthPair(plot, run, metric, series.Count > 0 ? series[0] : null);
        return plot;
    }

    /// <summary>The instantaneous truth (solid black) and the truth averaged over each window (dashed grey).</summary>
    private static void AddTruthPair(PanelPlot plot, RunMetrics run, MetricDefinition metric, MetricSeries? series)
    {
        if (series is null || run.InstantTruth(metric, series.Tag) is not { } truth)
        {
            return;
        }

        plot.AddTruth(truth.Minutes, truth.Values, "truth", ReportPalette.Black, dashed: false);
        if (truth.Values.All(v => v == truth.Values[0]))
        {
            return; // a constant truth: its window average is the same line
        }

        var windowed = series.TimesNs.Select(t => run.WindowTruth(metric, series.Tag, t) ?? double.NaN).ToArray();
        if (windowed.All(double.IsFinite))
        {
            plot.AddTruth(series.Minutes, windowed, "truth averaged over the window", ReportPalette.Grey, dashed: true);
        }
    }

    private static string WindowText(MetricDefinition metric, RunMetrics run)
    {
        var seconds = metric.Window(run.Kernel).LengthNs / 1e9;
        return seconds < 120
            ? seconds.ToString("0", CultureInfo.InvariantCulture) + " s"
            : (seconds / 60).ToString("0", CultureInfo.InvariantCulture) + " min";
    }
}

using LzDQM.Contracts.Metrics;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>Closing windows: watermark-driven, at run stop, and provisionally for snapshots.</summary>
public sealed partial class RunAnalysis
{
    /// <summary>Closes every window whose end both streams have passed, appending its points.</summary>
    public void CloseReady(ICollection<MetricPoint> output)
    {
        var w = Watermark;
        if (Rates.NextEnd == long.MinValue || w == long.MinValue || StopNs is not null)
        {
            return;
        }

        CloseUpTo(w, output);
    }

    /// <summary>
    /// Applies a run-control STOP: closes the run's windows. Windows ending before the stop close
    /// as usual; the last, partial window of each family is emitted with the stop time as its
    /// timestamp and (for rates) its exposure cut at the stop, so no event of the run is left out.
    /// The caller delivers STOP after the run's data (the replay order guarantees it).
    /// </summary>
    public void Stop(long timeNs, ICollection<MetricPoint> output)
    {
        if (StopNs is not null)
        {
            return;
        }

        EnsureWindows(StartNs ?? Math.Min(_firstEventNs, timeNs));
        StopNs = timeNs;
        CloseUpTo(timeNs, output);
        if (Rates.NextEnd - Rates.Spec.StepNs < timeNs)
        {
            EmitRates(Rates.NextEnd, timeNs, output);
        }

        if (Lifetime.NextEnd - Lifetime.Spec.StepNs < timeNs)
        {
            EmitLifetime(Lifetime.NextEnd, timeNs, output);
        }

        if (Drift.NextEnd - Drift.Spec.StepNs < timeNs)
        {
            EmitDrift(Drift.NextEnd, timeNs, output);
        }

        if (Width.NextEnd - Width.Spec.StepNs < timeNs)
        {
            EmitWidth(Width.NextEnd, timeNs, output);
        }
    }

    /// <summary>
    /// Points the currently open windows would give if they closed now (live view). Rates use
    /// the exposure up to the watermark. Allocates; writer thread only.
    /// </summary>
    public void Provisional(ICollection<MetricPoint> output)
    {
        if (Rates.NextEnd == long.MinValue || StopNs is not null)
        {
            return;
        }

        var wm = Math.Max(Watermark, Rates.NextEnd - Rates.Spec.StepNs);
        WindowMetrics.Rates(Rates.MergeWindow(Rates.NextEnd), Run, Exposure(Rates, Rates.NextEnd, Math.Min(wm, Rates.NextEnd)), Rates.NextEnd, output);
        WindowMetrics.Lifetime(Lifetime.MergeWindow(Lifetime.NextEnd), Run, Kr83mCuts is not null, _options, Lifetime.NextEnd, output);
        WindowMetrics.Drift(Drift.MergeWindow(Drift.NextEnd), Run, _options, Drift.NextEnd, output);
        WindowMetrics.Width(Width.MergeWindow(Width.NextEnd), Run, _options, Width.NextEnd, output);
    }

    private void CloseUpTo(long limit, ICollection<MetricPoint> output)
    {
        var closed = false;
        while (Rates.NextEnd <= limit)
        {
            EmitRates(Rates.NextEnd, Rates.NextEnd, output);
            closed = true;
        }

        while (Lifetime.NextEnd <= limit)
        {
            EmitLifetime(Lifetime.NextEnd, Lifetime.NextEnd, output);
            closed = true;
        }

        while (Drift.NextEnd <= limit)
        {
            EmitDrift(Drift.NextEnd, Drift.NextEnd, output);
            closed = true;
        }

        while (Width.NextEnd <= limit)
        {
            EmitWidth(Width.NextEnd, Width.NextEnd, output);
            closed = true;
        }

        if (closed)
        {
            Rates.ReleaseClosed();
            Lifetime.ReleaseClosed();
            Drift.ReleaseClosed();
            Width.ReleaseClosed();
        }
    }

    private void EmitRates(long end, long timestamp, ICollection<MetricPoint> output)
    {
        WindowMetrics.Rates(Rates.MergeWindow(end), Run, Exposure(Rates, end, timestamp), timestamp, output);
        Rates.NextEnd = end + Rates.Spec.StepNs;
    }

    private void EmitLifetime(long end, long timestamp, ICollection<MetricPoint> output)
    {
        WindowMetrics.Lifetime(Lifetime.MergeWindow(end), Run, Kr83mCuts is not null, _options, timestamp, output);
        Lifetime.NextEnd = end + Lifetime.Spec.StepNs;
    }

    private void EmitDrift(long end, long timestamp, ICollection<MetricPoint> output)
    {
        WindowMetrics.Drift(Drift.MergeWindow(end), Run, _options, timestamp, output);
        Drift.NextEnd = end + Drift.Spec.StepNs;
    }

    private void EmitWidth(long end, long timestamp, ICollection<MetricPoint> output)
    {
        WindowMetrics.Width(Width.MergeWindow(end), Run, _options, timestamp, output);
        Width.NextEnd = end + Width.Spec.StepNs;
    }

    // The part of the window [end - length, min(end, cut)) inside the run.
    private long Exposure<T>(PaneRing<T> ring, long end, long cut)
        where T : class, IPane<T>
    {
        var runStart = StartNs ?? _firstEventNs;
        var lo = Math.Max(end - ring.Spec.LengthNs, runStart);
        var hi = Math.Min(end, cut);
        return Math.Max(0, hi - lo);
    }
}

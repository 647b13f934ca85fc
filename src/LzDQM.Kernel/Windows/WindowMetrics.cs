using System.Globalization;
using LzDQM.Contracts.Metrics;
using LzDQM.Kernel.Fits;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// Turns a closed window's merged state into metric points (SPEC §3). Pure functions of the
/// state, so equal state gives bit-identical points. Stateless and thread-safe.
/// </summary>
public static class WindowMetrics
{
    /// <summary>
    /// Trigger and pulse rates. Exposure is the part of the window inside the run; the live
    /// fraction is 1 − dead/exposure, and hz = count / (exposure × live fraction) with the Poisson
    /// error √max(count, 1) / (exposure × live fraction) (a zero count gets the one-event scale,
    /// not a zero error). Rates are written even for empty windows; hz is left out only when the
    /// window had no live time at all.
    /// </summary>
    public static void Rates(RatePane w, uint run, long exposureNs, long timestampNs, ICollection<MetricPoint> output)
    {
        var runTag = run.ToString(CultureInfo.InvariantCulture);
        var exposure = exposureNs / 1e9;
        var live = exposure > 0 ? Math.Clamp(1 - (w.DeadNs / (double)exposureNs), 0, 1) : 0;
        var liveSeconds = exposure * live;
        long all = 0;
        for (var t = 0; t < 6; t++)
        {
            all += w.Triggers[t];
        }

        for (var t = 1; t <= 6; t++)
        {
            var count = t == 6 ? all : w.Triggers[t];
            var name = t == 6 ? "all" : MetricNames.TriggerTypes[t]!;
            var fields = new List<MetricField>(4)
            {
                MetricField.Integer("count", count),
                MetricField.Double("live_fraction", live),
            };
            if (liveSeconds > 0)
            {
                fields.Add(MetricField.Double("hz", count / liveSeconds));
                fields.Add(MetricField.Double("hz_err", Math.Sqrt(Math.Max(count, 1)) / liveSeconds));
            }

            output.Add(new MetricPoint(MetricNames.TriggerRate, [new("run", runTag), new("trigger_type", name)], fields, timestampNs));
        }

        for (var c = 1; c <= 5; c++)
        {
            var count = w.Pulses[c];
            var fields = new List<MetricField>(2);
            if (liveSeconds > 0)
            {
                fields.Add(MetricField.Double("hz", count / liveSeconds));
            }

            if (w.PulseEvents > 0)
            {
                fields.Add(MetricField.Double("per_event", count / (double)w.PulseEvents));
            }

            if (fields.Count > 0)
            {
                output.Add(new MetricPoint(MetricNames.PulseRate, [new("run", runTag), new("pulse_class", MetricNames.PulseClasses[c]!)], fields, timestampNs));
            }
        }
    }

    /// <summary>Electron lifetime for each population with enough events.</summary>
    public static void Lifetime(LifetimePane w, uint run, bool withKr83m, KernelOptions options, long timestampNs, ICollection<MetricPoint> output)
    {
        Lifetime(w.SingleScatter, "single_scatter", run, options, timestampNs, output);
        if (withKr83m)
        {
            Lifetime(w.Kr83m, "kr83m", run, options, timestampNs, output);
        }
    }

    /// <summary>Drift-time edges and drift velocity.</summary>
    public static void Drift(DriftPane w, uint run, KernelOptions options, long timestampNs, ICollection<MetricPoint> output)
    {
        if (DriftEdges.Find(w.Spectrum, options.DriftMinEvents, options.DriftLengthMm) is not { } r)
        {
            return;
        }

        output.Add(new MetricPoint(
            MetricNames.Drift,
            [new("run", run.ToString(CultureInfo.InvariantCulture))],
            [
                MetricField.Double("cathode_us", r.CathodeUs),
                MetricField.Double("cathode_err_us", r.CathodeErrUs),
                MetricField.Double("gate_us", r.GateUs),
                MetricField.Double("drift_velocity_mm_us", r.DriftVelocityMmUs),
                MetricField.Double("median_us", r.MedianUs),
                MetricField.Integer("n_events", r.Events),
            ],
            timestampNs));
    }

    /// <summary>S2 width fit; D_L uses the window's own drift velocity when its edges are found.</summary>
    public static void Width(WidthPane w, uint run, KernelOptions options, long timestampNs, ICollection<MetricPoint> output)
    {
        var v = DriftEdges.Find(w.Drift, options.DriftMinEvents, options.DriftLengthMm)?.DriftVelocityMmUs ?? options.NominalDriftVelocityMmUs;
        if (S2WidthFit.Fit(w.SigmaSquared, w.Widths, options.WidthMinEvents, v) is not { } r)
        {
            return;
        }

        output.Add(new MetricPoint(
            MetricNames.S2Width,
            [new("run", run.ToString(CultureInfo.InvariantCulture))],
            [
                MetricField.Double("sigma0_us", r.Sigma0Us),
                MetricField.Double("slope_us2_per_us", r.SlopeUs2PerUs),
                MetricField.Double("d_l_cm2_s", r.DlCm2PerS),
                MetricField.Double("median_us", r.MedianUs),
                MetricField.Integer("n_events", r.Events),
            ],
            timestampNs));
    }

    private static void Lifetime(LifetimeHistogram bins, string population, uint run, KernelOptions options, long timestampNs, ICollection<MetricPoint> output)
    {
        if (ElectronLifetimeFit.Fit(bins, options.LifetimeMinEvents, options.LifetimeClipSigma) is not { } r)
        {
            return;
        }

        var fields = new List<MetricField>(5)
        {
            MetricField.Double("tau_us", r.TauUs),
            MetricField.Double("tau_err_us", r.TauErrUs),
            MetricField.Double("s2_0_phd", r.S20Phd),
            MetricField.Integer("n_events", r.Events),
        };
        if (r.Chi2Ndf is { } chi2 && double.IsFinite(chi2))
        {
            fields.Add(MetricField.Double("chi2_ndf", chi2));
        }

        output.Add(new MetricPoint(
            MetricNames.ElectronLifetime,
            [new("run", run.ToString(CultureInfo.InvariantCulture)), new("population", population)],
            fields,
            timestampNs));
    }
}

using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Fits;

/// <summary>
/// Fits σ² = σ₀² + slope·t by weighted least squares on the drift-bin means of σ², each with the
/// error of its mean from its own scatter (bins with fewer than 10 events are left out), and
/// converts the slope to D_L = slope·v²/2 (µs²/µs·(mm/µs)² = mm²/µs = 10⁴ cm²/s). Stateless.
/// </summary>
public static class S2WidthFit
{
    private const int MinBinEvents = 10;

    /// <summary>Fits, or returns null with too few events or a non-positive σ₀².</summary>
    public static WidthResult? Fit(ReadOnlySpan<Moments> bins, ReadOnlySpan<long> widths, long minEvents, double driftVelocityMmUs)
    {
        double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        long n = 0;
        var used = 0;
        foreach (var b in bins)
        {
            if (b.N < MinBinEvents)
            {
                continue;
            }

            var varMean = b.CentredYY / (b.N - 1) / b.N;
            if (!(varMean > 0))
            {
                continue;
            }

            var w = 1 / varMean;
            var x = b.MeanX;
            var y = b.MeanY;
            s += w;
            sx += w * x;
            sy += w * y;
            sxx += w * x * x;
            sxy += w * x * y;
            n += b.N;
            used++;
        }

        if (n < Math.Max(minEvents, 3) || used < 3)
        {
            return null;
        }

        var delta = (s * sxx) - (sx * sx);
        if (!(delta > 0))
        {
            return null;
        }

        var intercept = ((sxx * sy) - (sx * sxy)) / delta;
        var slope = ((s * sxy) - (sx * sy)) / delta;
        var slopeErr = Math.Sqrt(s / delta);
        if (!(intercept > 0))
        {
            return null;
        }

        var sigma0 = Math.Sqrt(intercept);
        var dl = slope * driftVelocityMmUs * driftVelocityMmUs / 2 * 1e4;
        var median = Histogram.Quantile(widths, WidthHistogram.BinUs, 0.5);
        return double.IsFinite(sigma0) && double.IsFinite(dl) && double.IsFinite(median)
            ? new WidthResult(sigma0, slope, slopeErr, dl, median, n)
            : null;
    }
}

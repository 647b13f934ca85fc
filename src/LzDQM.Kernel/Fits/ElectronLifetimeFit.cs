using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Fits;

/// <summary>
/// Fits S2 = S2₀·exp(−t/τ) as a straight line ln S2 = ln S2₀ − t/τ by least squares on the
/// exact per-drift-bin moments: identical to an unbinned fit of every event. The error of the
/// slope uses the residual scatter of the data themselves (σ_b² = s²/Σ(t−t̄)²), so it is honest
/// whatever the S2 resolution (the pull test checks it). χ²/ndf compares the bin means with the
/// line against the pooled within-bin scatter (a lack-of-fit test). Stateless.
/// </summary>
public static class ElectronLifetimeFit
{
    /// <summary>Fits, or returns null with fewer than <paramref name="minEvents"/> events or a non-decaying slope.</summary>
    public static LifetimeResult? Fit(ReadOnlySpan<Moments> bins, long minEvents)
    {
        var total = default(Moments);
        var used = 0;
        foreach (var b in bins)
        {
            total.Merge(b);
            used += b.N > 0 ? 1 : 0;
        }

        if (total.N < Math.Max(minEvents, 3))
        {
            return null;
        }

        var sxx = total.CentredXX;
        var sxy = total.CentredXY;
        var syy = total.CentredYY;
        if (!(sxx > 0))
        {
            return null;
        }

        var slope = sxy / sxx;
        var intercept = total.MeanY - (slope * total.MeanX);
        var rss = Math.Max(0, syy - (slope * sxy));
        var s2 = rss / (total.N - 2);
        if (!(slope < 0) || !(s2 > 0))
        {
            return null;
        }

        var slopeErr = Math.Sqrt(s2 / sxx);
        var tau = -1 / slope;
        var tauErr = slopeErr / (slope * slope);

        // Pooled scatter about the line inside the bins, then the bin means against the line.
        double within = 0;
        long withinDf = 0;
        double between = 0;
        foreach (var b in bins)
        {
            if (b.N == 0)
            {
                continue;
            }

            within += b.CentredYY - (2 * slope * b.CentredXY) + (slope * slope * b.CentredXX);
            withinDf += b.N - 1;
            var r = b.MeanY - intercept - (slope * b.MeanX);
            between += b.N * r * r;
        }

        double? chi2Ndf = null;
        if (used > 2 && withinDf > 0 && within > 0)
        {
            chi2Ndf = between / (within / withinDf) / (used - 2);
        }

        var s20 = Math.Exp(intercept + (s2 / 2));
        return double.IsFinite(tau) && double.IsFinite(tauErr) && double.IsFinite(s20)
            ? new LifetimeResult(tau, tauErr, s20, total.N, chi2Ndf)
            : null;
    }
}

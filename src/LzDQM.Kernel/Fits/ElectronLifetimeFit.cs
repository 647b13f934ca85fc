using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Fits;

/// <summary>
/// Fits S2 = S2₀·exp(−t/τ) as the straight line ln S2 = ln S2₀ − t/τ by least squares over the
/// cells of a drift × ln S2 histogram, iterating with a residual cut (default 3σ) until the set
/// of cells is stable: the population's core is fitted and the few percent of other events that
/// pass the selection (multiple scatters, other energies) cannot pull τ. The slope's error uses
/// the residual scatter of the kept events themselves, corrected for the cut's truncation of a
/// Gaussian, so it is honest whatever the S2 resolution (the pull test checks it). χ²/ndf
/// compares the drift-bin means with the line against the pooled within-bin scatter. Sums run in
/// a fixed order over integer counts, so equal histograms give bit-identical results. Stateless.
/// </summary>
public static class ElectronLifetimeFit
{
    private const int MaxIterations = 12;

    /// <summary>Fits, or returns null with fewer than <paramref name="minEvents"/> events or a non-decaying slope.</summary>
    public static LifetimeResult? Fit(LifetimeHistogram h, long minEvents, double clipSigma)
    {
        long total = 0;
        foreach (var c in h.Counts)
        {
            total += c;
        }

        if (total < Math.Max(minEvents, 3))
        {
            return null;
        }

        var line = Line(h, double.NaN, 0, 0, out var s2, out var n);
        if (line is null)
        {
            return null;
        }

        var truncation = TruncatedVarianceFactor(clipSigma);
        for (var it = 0; it < MaxIterations; it++)
        {
            var (a, b) = line.Value;
            var cut = clipSigma * Math.Sqrt(s2 / (it == 0 ? 1 : truncation));
            var next = Line(h, cut, a, b, out var nextS2, out var nextN);
            if (next is null)
            {
                return null;
            }

            var same = nextN == n;
            line = next;
            s2 = nextS2;
            n = nextN;
            if (same && it > 0)
            {
                break;
            }
        }

        var (intercept, slope) = line!.Value;
        if (!(slope < 0) || n < Math.Max(minEvents, 3))
        {
            return null;
        }

        var sigma2 = s2 / truncation;
        var (sxx, chi2, bins) = Spread(h, clipSigma * Math.Sqrt(sigma2), intercept, slope);
        var slopeErr = Math.Sqrt(sigma2 / sxx);
        var tau = -1 / slope;
        var tauErr = slopeErr / (slope * slope);
        double? chi2Ndf = bins > 2 ? chi2 / (bins - 2) : null;
        var s20 = Math.Exp(intercept + (sigma2 / 2));
        return double.IsFinite(tau) && double.IsFinite(tauErr) && double.IsFinite(s20) && tauErr > 0
            ? new LifetimeResult(tau, tauErr, s20, n, chi2Ndf)
            : null;
    }

    // Variance of a unit Gaussian truncated at ±k.
    private static double TruncatedVarianceFactor(double k)
    {
        var phi = Math.Exp(-k * k / 2) / Math.Sqrt(2 * Math.PI);
        var inside = Erf(k / Math.Sqrt(2));
        return 1 - (2 * k * phi / inside);
    }

    // Least squares over cells within `cut` of the line a + b·x (all cells when cut is NaN).
    private static (double A, double B)? Line(LifetimeHistogram h, double cut, double a, double b, out double s2, out long n)
    {
        double sw = 0, sx = 0, sy = 0;
        n = 0;
        Sums(h, cut, a, b, (x, y, w) => { sw += w; sx += w * x; sy += w * y; });
        s2 = 0;
        if (sw < 3)
        {
            return null;
        }

        var mx = sx / sw;
        var my = sy / sw;
        double sxx = 0, sxy = 0, syy = 0;
        long count = 0;
        Sums(h, cut, a, b, (x, y, w) =>
        {
            sxx += w * (x - mx) * (x - mx);
            sxy += w * (x - mx) * (y - my);
            syy += w * (y - my) * (y - my);
            count += (long)w;
        });
        n = count;
        if (!(sxx > 0))
        {
            return null;
        }

        var slope = sxy / sxx;
        s2 = Math.Max(0, syy - (slope * sxy)) / (sw - 2);
        return s2 > 0 ? (my - (slope * mx), slope) : null;
    }

    // Σw(x−x̄)² of the kept cells, and the lack-of-fit χ² of the drift-bin means.
    private static (double Sxx, double Chi2, int Bins) Spread(LifetimeHistogram h, double cut, double a, double b)
    {
        double sw = 0, sx = 0;
        Sums(h, cut, a, b, (x, _, w) => { sw += w; sx += w * x; });
        var mx = sx / sw;
        double sxx = 0, within = 0, between = 0;
        long withinDf = 0;
        var bins = 0;
        for (var d = 0; d < h.DriftBins; d++)
        {
            var x = h.DriftMinUs + ((d + 0.5) * h.DriftBinUs);
            double bw = 0, by = 0, byy = 0;
            for (var j = 0; j < h.LnBins; j++)
            {
                var c = h.Counts[(d * h.LnBins) + j];
                var y = h.LnMin + ((j + 0.5) * h.LnBin);
                if (c == 0 || Math.Abs(y - a - (b * x)) > cut)
                {
                    continue;
                }

                bw += c;
                by += c * y;
                byy += c * y * y;
            }

            if (bw == 0)
            {
                continue;
            }

            sxx += bw * (x - mx) * (x - mx);
            var mean = by / bw;
            within += byy - (bw * mean * mean);
            withinDf += (long)bw - 1;
            var r = mean - a - (b * x);
            between += bw * r * r;
            bins++;
        }

        var chi2 = withinDf > 0 && within > 0 ? between / (within / withinDf) : double.NaN;
        return (sxx, chi2, bins);
    }

    private static void Sums(LifetimeHistogram h, double cut, double a, double b, Action<double, double, double> add)
    {
        var all = double.IsNaN(cut);
        for (var d = 0; d < h.DriftBins; d++)
        {
            var x = h.DriftMinUs + ((d + 0.5) * h.DriftBinUs);
            var row = d * h.LnBins;
            for (var j = 0; j < h.LnBins; j++)
            {
                var c = h.Counts[row + j];
                if (c == 0)
                {
                    continue;
                }

                var y = h.LnMin + ((j + 0.5) * h.LnBin);
                if (all || Math.Abs(y - a - (b * x)) <= cut)
                {
                    add(x, y, c);
                }
            }
        }
    }

    // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for a truncation factor.
    private static double Erf(double x)
    {
        var t = 1 / (1 + (0.3275911 * Math.Abs(x)));
        var y = 1 - ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }
}

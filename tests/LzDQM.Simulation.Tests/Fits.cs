namespace LzDQM.Simulation.Tests;

/// <summary>Plain statistics for the tests: weighted straight-line fit and binning.</summary>
public static class Fits
{
    /// <summary>Weighted least squares y = a + b·x with weights 1/σ²; returns a, b, their errors and χ²/ndf.</summary>
    public static (double A, double B, double ErrA, double ErrB, double Chi2Ndf) Line(IReadOnlyList<(double X, double Y, double Sigma)> points)
    {
        double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (var (x, y, sigma) in points)
        {
            var w = 1 / (sigma * sigma);
            s += w;
            sx += w * x;
            sy += w * y;
            sxx += w * x * x;
            sxy += w * x * y;
        }

        var d = (s * sxx) - (sx * sx);
        var a = ((sxx * sy) - (sx * sxy)) / d;
        var b = ((s * sxy) - (sx * sy)) / d;
        var chi2 = points.Sum(p => Math.Pow((p.Y - a - (b * p.X)) / p.Sigma, 2));
        return (a, b, Math.Sqrt(sxx / d), Math.Sqrt(s / d), chi2 / (points.Count - 2));
    }

    /// <summary>Per bin of x in [lo, hi): mean x, mean y and its standard error (bins with fewer than 20 entries dropped).</summary>
    public static List<(double X, double Y, double Sigma)> BinnedMeans(IEnumerable<(double X, double Y)> data, double lo, double hi, int bins)
    {
        var sums = new List<(double X, double Y)>[bins];
        for (var i = 0; i < bins; i++)
        {
            sums[i] = [];
        }

        foreach (var (x, y) in data)
        {
            if (x >= lo && x < hi)
            {
                sums[(int)((x - lo) / (hi - lo) * bins)].Add((x, y));
            }
        }

        var result = new List<(double, double, double)>();
        for (var i = 0; i < bins; i++)
        {
            var v = sums[i];
            if (v.Count < 20)
            {
                continue;
            }

            var mean = v.Average(p => p.Y);
            var sd = Math.Sqrt(v.Sum(p => (p.Y - mean) * (p.Y - mean)) / (v.Count - 1));
            result.Add((v.Average(p => p.X), mean, sd / Math.Sqrt(v.Count)));
        }

        return result;
    }

    /// <summary>Electron lifetime (µs) and its error from a log-linear fit of ln S2 vs drift time of Kr-83m events.</summary>
    public static (double Tau, double Err) Lifetime(IEnumerable<SimEvent> events, double lo = 50, double hi = 900)
    {
        var points = events.Select(e => e.Kr83m()).Where(k => k is not null).Select(k => (k!.Value.DriftUs, Math.Log(k.Value.S2.Area)));
        var fit = Line(BinnedMeans(points, lo, hi, 17));
        var tau = -1 / fit.B;
        return (tau, tau * tau * fit.ErrB);
    }
}

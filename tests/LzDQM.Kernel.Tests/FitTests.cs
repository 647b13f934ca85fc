using LzDQM.Kernel.Fits;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Tests;

/// <summary>The fits on synthetic samples drawn here, where the truth is exact.</summary>
public class FitTests
{
    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Cathode_edge_errors_are_honest_over_1000_synthetic_spectra()
    {
        var rng = new Random(11);
        var pulls = new List<double>();
        for (var k = 0; k < 1000; k++)
        {
            var h = new long[DriftHistogram.Bins];
            const double gate = 2, cathode = 953.6;
            for (var i = 0; i < 5000; i++)
            {
                // A flat spectrum smeared by 1 µs at the edges.
                var t = gate + ((cathode - gate) * rng.NextDouble()) + Gaussian(rng);
                if (DriftHistogram.Bin(t) is var b and >= 0)
                {
                    h[b]++;
                }
            }

            var r = DriftEdges.Find(h, 1000, 1456)!.Value;
            pulls.Add((r.CathodeUs - cathode) / r.CathodeErrUs);
            Assert.InRange((r.GateUs - gate) / r.GateErrUs, -4.5, 4.5);
        }

        var mean = pulls.Average();
        var width = Math.Sqrt(pulls.Sum(p => (p - mean) * (p - mean)) / (pulls.Count - 1));
        Assert.InRange(mean, -0.2, 0.2);
        Assert.InRange(width, 0.8, 1.2);
    }

    [Fact]
    public void Lifetime_fit_ignores_a_five_percent_outlier_population()
    {
        var rng = new Random(12);
        var options = new KernelOptions();
        var pane = new LifetimePane(options);
        for (var i = 0; i < 20_000; i++)
        {
            var t = 50 + (850 * rng.NextDouble());
            var s2 = i % 20 == 0
                ? 5e3 * Math.Exp(3 * rng.NextDouble())                       // unrelated events across the S2 cut range
                : 6e4 * Math.Exp(-t / 5000) * (1 + (0.08 * Gaussian(rng)));
            pane.Kr83m.Add(t, Math.Log(s2));
        }

        var r = ElectronLifetimeFit.Fit(pane.Kr83m, 500, 3)!.Value;
        Assert.True(Math.Abs(r.TauUs - 5000) < 3 * r.TauErrUs, $"τ = {r.TauUs} ± {r.TauErrUs}");
        Assert.InRange(r.S20Phd, 0.97 * 6e4, 1.03 * 6e4);
        Assert.InRange(r.Chi2Ndf!.Value, 0.5, 1.6);
    }

    [Fact]
    public void Lifetime_fit_writes_nothing_for_a_rising_or_flat_sample()
    {
        var rng = new Random(13);
        var pane = new LifetimePane(new KernelOptions());
        for (var i = 0; i < 5000; i++)
        {
            var t = 50 + (850 * rng.NextDouble());
            pane.Kr83m.Add(t, Math.Log(6e4 * Math.Exp(t / 5000) * (1 + (0.08 * Gaussian(rng)))));
        }

        Assert.Null(ElectronLifetimeFit.Fit(pane.Kr83m, 500, 3));
    }

    [Fact]
    public void Width_fit_recovers_a_synthetic_line()
    {
        var rng = new Random(14);
        var bins = new Moments[34];
        var widths = new long[WidthHistogram.Bins];
        for (var i = 0; i < 20_000; i++)
        {
            var t = 50 + (850 * rng.NextDouble());
            var var0 = 0.64 + (0.0015 * t);
            var w = Math.Sqrt(var0 * (1 + (0.05 * Gaussian(rng))));
            bins[Math.Min(33, (int)((t - 50) / 25))].Add(Moments.QuantizeX(t), Moments.QuantizeY(w * w));
            widths[WidthHistogram.Bin(w)]++;
        }

        var r = S2WidthFit.Fit(bins, widths, 500, 1.53)!.Value;
        Assert.Equal(0.8, r.Sigma0Us, 2);
        Assert.True(Math.Abs(r.SlopeUs2PerUs - 0.0015) < 3 * r.SlopeErr);
        Assert.Equal(0.0015 * 1.53 * 1.53 / 2 * 1e4, r.DlCm2PerS, 0);
    }
}

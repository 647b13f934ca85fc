using System.Runtime.Intrinsics.X86;
using FsCheck.Xunit;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Tests;

/// <summary>The eight-wide width pass equals the plain per-entry formulas bit for bit, on any input.</summary>
public class WidthPassTests
{
    // Moment axes: the default (50–900 µs, 25 µs bins), the whole drift range, a narrow odd one,
    // and one with fewer bins than the range spans (the last bin takes the overflow).
    private static readonly (double Lo, double Hi, double PerUs, int Bins)[] Axes =
    [
        (50, 900, 1 / 25.0, 34),
        (0, 1100, 1 / 25.0, 44),
        (0.3, 17.7, 1 / 0.7, 25),
        (50, 900, 1 / 25.0, 20),
    ];

    [Fact]
    public void Machine_runs_the_eight_wide_path()
    {
        // Otherwise the property below would compare the scalar path with itself.
        Assert.True(Avx2.IsSupported, "this CPU has no AVX2: the eight-wide width pass is not exercised");
    }

    [Property(MaxTest = 400)]
    public void Eight_wide_width_pass_equals_the_per_entry_formulas(int seed, byte axis)
    {
        var (lo, hi, perUs, bins) = Axes[axis % Axes.Length];
        var rng = new Random(seed);
        var n = rng.Next(0, 300);
        var offset = rng.Next(0, 9);
        var drift = new double[offset + n];
        var width = new float[offset + n];
        var driftBin = new int[offset + n];
        for (var i = 0; i < drift.Length; i++)
        {
            drift[i] = NastyDrift(rng, lo, hi, perUs);
            width[i] = NastyWidth(rng);

            // As the selection gives them, and now and then an entry already rejected.
            driftBin[i] = rng.Next(20) == 0 ? -1 : DriftHistogram.Bin(drift[i]);
        }

        // Both start from the same sums, some just below a 2⁶⁴ boundary of their low halves so adding carries.
        var eightWide = new WidthPane(bins);
        var oneByOne = new WidthPane(bins);
        var startN = new long[bins];
        for (var b = 0; b < bins; b++)
        {
            var start = rng.Next(3) == 0 ? default : new Moments
            {
                N = rng.NextInt64(),
                Sx = rng.NextInt64(),
                Sy = rng.NextInt64(),
                Sxx = NearCarry(rng),
                Sxy = NearCarry(rng),
                Syy = NearCarry(rng),
            };
            eightWide.SigmaSquared[b] = start;
            oneByOne.SigmaSquared[b] = start;
            startN[b] = start.N;
        }

        eightWide.AddSingleScatters(driftBin.AsSpan(offset), drift.AsSpan(offset), width.AsSpan(offset), lo, hi, perUs, bins);
        oneByOne.AddSingleScattersOneByOne(driftBin.AsSpan(offset), drift.AsSpan(offset), width.AsSpan(offset), lo, hi, perUs, bins);

        for (var b = 0; b < bins; b++)
        {
            Assert.Equal(oneByOne.SigmaSquared[b], eightWide.SigmaSquared[b]);
        }

        Assert.Equal(oneByOne.Widths, eightWide.Widths);
        Assert.Equal(oneByOne.Drift, eightWide.Drift);
        Assert.True(n < 100 || Enumerable.Range(0, bins).Any(b => oneByOne.SigmaSquared[b].N != startN[b]), "the random entries should reach the moments");
    }

    [Fact]
    public void Eight_wide_width_pass_adds_a_rounding_tie_of_drift_and_width_as_the_definition_does()
    {
        // d·256 = 25 600.5 rounds to the even 25 600; σ²·2²⁰ = 2.25 → 2; a width of 64 µs gives 2³² exactly,
        // 1e30 saturates; 64 µs and up fall in the last width bin.
        var drift = Enumerable.Repeat(100.001953125, 8).ToArray();
        float[] width = [0.00146484375f, 64f, 64.00001f, 0.015f, 0.02f, 19.99f, 20f, 1e30f];
        var bin = drift.Select(DriftHistogram.Bin).ToArray();
        var pane = new WidthPane(34);
        pane.AddSingleScatters(bin, drift, width, 50, 900, 1 / 25.0, 34);
        var expected = new Moments();
        foreach (double w in width)
        {
            expected.Add(25_600, Moments.QuantizeY(w * w));
        }

        Assert.Equal(expected, pane.SigmaSquared[2]);
        Assert.Equal(8, pane.Drift[200]);
        var widths = new long[WidthHistogram.Bins];
        foreach (var w in width)
        {
            widths[WidthHistogram.Bin(w)]++;
        }

        Assert.Equal(widths, pane.Widths);
        Assert.Equal(4, pane.Widths[WidthHistogram.Bins - 1]);
    }

    private static double NastyDrift(Random rng, double lo, double hi, double perUs) => rng.Next(12) switch
    {
        // Moment-bin edges and the range ends, one ulp either side.
        0 => Ulps(lo + (rng.Next(0, 50) / perUs), rng.Next(-1, 2)),
        1 => Ulps(rng.Next(2) == 0 ? lo : hi, rng.Next(-1, 2)),
        2 => Ulps(rng.Next(2) == 0 ? 0.0 : DriftHistogram.RangeUs, rng.Next(-1, 2)),

        // Rounding ties of the fixed point (k + ½)/256.
        3 => (rng.Next(0, 2 * 281_600) + 0.5) / Moments.XScale,
        4 => rng.Next(6) switch
        {
            0 => double.NaN,
            1 => double.PositiveInfinity,
            2 => double.NegativeInfinity,
            3 => double.Epsilon * rng.Next(1, 1000),
            4 => -0.0,
            _ => -double.Epsilon,
        },
        5 => (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-1074, 1024)),
        _ => (rng.NextDouble() * 1200) - 50,
    };

    private static float NastyWidth(Random rng) => rng.Next(12) switch
    {
        // Width-spectrum edges k/100 and the last bin, one float ulp either side.
        0 => UlpsF(rng.Next(0, 2100) / 100f, rng.Next(-1, 2)),

        // σ²·2²⁰ around 2³² (w = 64), 2⁵² (w = 2¹⁶) and 2⁶³ (w ≈ 2²¹·⁵, saturating beyond).
        1 => UlpsF(rng.Next(3) switch { 0 => 64f, 1 => 65536f, _ => 2965820f }, rng.Next(-3, 4)),
        2 => rng.Next(7) switch
        {
            0 => float.NaN,
            1 => float.PositiveInfinity,
            2 => float.NegativeInfinity,
            3 => float.Epsilon * rng.Next(1, 1000),
            4 => -0f,
            5 => float.MaxValue,
            _ => -float.Epsilon,
        },
        3 => (float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-149, 128))),
        4 => rng.Next(-4000, 4000) / 2048f,
        _ => (float)(rng.NextDouble() * 3),
    };

    private static Int128 NearCarry(Random rng) => new((ulong)rng.NextInt64(), ulong.MaxValue - (ulong)rng.NextInt64(1L << rng.Next(1, 63)));

    private static double Ulps(double x, int k) => k switch { < 0 => Math.BitDecrement(x), > 0 => Math.BitIncrement(x), _ => x };

    private static float UlpsF(float x, int k)
    {
        for (; k < 0; k++)
        {
            x = MathF.BitDecrement(x);
        }

        for (; k > 0; k--)
        {
            x = MathF.BitIncrement(x);
        }

        return x;
    }
}

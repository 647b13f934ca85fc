using FsCheck.Xunit;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Tests;

/// <summary>The hoisted hot loops (lifetime batch fill, width bin, 64-bit moment products) equal their plain formulas bit for bit.</summary>
public class OptimisedBinningTests
{
    private static readonly KernelOptions Options = new();

    [Property(MaxTest = 100)]
    public void Lifetime_batch_fill_equals_the_log_formula_event_by_event(int seed, bool kr83m)
    {
        var rng = new Random(seed);
        var n = rng.Next(0, 3000);
        var drift = new double[n];
        var s1 = new float[n];
        var s2 = new float[n];
        for (var i = 0; i < n; i++)
        {
            // Drifts across and outside the fiducial range (NaN and ∞ too, which only
            // unvalidated input holds), S2 over every ln bin and beyond (zero,
            // below the first edge, far above the last), S1 on both sides of the Kr-83m cuts.
            drift[i] = rng.Next(8) switch
            {
                0 => rng.Next(-2, 110) * 10.0,
                1 when rng.Next(10) == 0 => rng.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity },
                _ => (rng.NextDouble() * 1000) - 50,
            };
            s2[i] = rng.Next(10) switch
            {
                0 => rng.Next(4) switch { 0 => 0f, 1 => float.NaN, 2 => -1000f, _ => float.PositiveInfinity },
                1 => rng.Next(2) == 0 ? 5e3f : 1.5e5f,
                _ => (float)Math.Exp(rng.NextDouble() * 19),
            };
            s1[i] = rng.Next(5) == 0 ? (rng.Next(2) == 0 ? 100f : 400f) : (float)(rng.NextDouble() * 600);
        }

        var cuts = kr83m ? PopulationCuts.Kr83m : (PopulationCuts?)null;
        var batch = new LifetimePane(Options);
        batch.AddSingleScatters(drift, s1, s2, cuts);
        var plain = new LifetimePane(Options);
        for (var i = 0; i < n; i++)
        {
            if (!(s2[i] > 0))
            {
                continue;
            }

            var ln = Math.Log(s2[i]);
            plain.SingleScatter.Add(drift[i], ln);
            if (cuts is { } c && c.Contains(s1[i], s2[i]))
            {
                plain.Kr83m.Add(drift[i], ln);
            }
        }

        Assert.True(plain.SameState(batch));
        Assert.True(n < 500 || plain.SingleScatter.Counts.Sum() > 0, "the random events should fill the histogram");
    }

    [Property(MaxTest = 300)]
    public void Eight_wide_S2_binning_equals_the_one_at_a_time_lookup(int seed, byte axis)
    {
        // The lifetime histograms' own axes and some others (narrow, wide, negative origin).
        var (lnMin, lnBin, lnBins) = (axis % 5) switch
        {
            0 => (Options.SingleScatterLnS2Range.Min, Options.SingleScatterLnS2Bin, (int)Math.Ceiling((Options.SingleScatterLnS2Range.Max - Options.SingleScatterLnS2Range.Min) / Options.SingleScatterLnS2Bin)),
            1 => (8.0, Options.LnS2BinWidth, 60),
            2 => (4.0, 0.02, 500),
            3 => (-3.0, 0.3, 70),
            _ => (0.0, 7.5, 3),
        };
        var binning = new LnAreaBinning(lnMin, lnBin, lnBins);

        // Fine axes take the eight-wide packed lookup checked here; coarse ones (no packed table) bin one at a time.
        Assert.Equal(axis % 5 < 3, binning.HasPackedCells);
        var rng = new Random(seed);
        var n = rng.Next(0, 200);
        var areas = new float[n];
        for (var i = 0; i < n; i++)
        {
            // Areas on and one float either side of bin edges, inside and outside the axis, and
            // zero, negative, NaN and ∞.
            var edge = (float)Math.Exp(lnMin + (rng.Next(-3, lnBins + 4) * lnBin));
            areas[i] = rng.Next(8) switch
            {
                0 => edge,
                1 => MathF.BitIncrement(edge),
                2 => MathF.BitDecrement(edge),
                3 => rng.Next(5) switch { 0 => 0f, 1 => -edge, 2 => float.NaN, 3 => float.PositiveInfinity, _ => float.MaxValue },
                _ => (float)Math.Exp(lnMin + ((rng.NextDouble() * (lnBins + 4)) - 2) * lnBin),
            };
        }

        var bins = new int[n];
        binning.BinAll(areas, bins);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(binning.Bin(areas[i]), bins[i]);
        }
    }

    [Property(MaxTest = 1000)]
    public void Width_bin_equals_the_clamped_floor_of_the_definition(double any, int bits)
    {
        foreach (var w in new[] { any, any * 1e-300, (double)BitConverter.Int32BitsToSingle(bits), bits / 1000.0, 0.0, -0.0, 19.99, 19.995, 20.0, 1e300, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1.0 })
        {
            var expected = w <= 0 ? 0 : (int)Math.Min(WidthHistogram.Bins - 1, Math.Floor(w * 100));
            Assert.Equal(expected, WidthHistogram.Bin(w));
        }
    }

    [Property(MaxTest = 300)]
    public void Moment_sums_carry_into_the_high_half_exactly(ulong startLow, long startHigh, uint[] xs, uint[] ys)
    {
        // Sums that start just below a 2⁶⁴ boundary so the 64-bit products carry into the high half.
        var start = ((Int128)startHigh << 64) | (ulong.MaxValue - (startLow % 1_000_000_000_000UL));
        var m = new Moments { Sxx = start, Sxy = start, Syy = start };
        Int128 sxx = start, sxy = start, syy = start;
        for (var i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            long x = xs[i];
            long y = ys[i];
            m.Add(x, y);
            sxx += (Int128)x * x;
            sxy += (Int128)x * y;
            syy += (Int128)y * y;
        }

        Assert.Equal((sxx, sxy, syy), (m.Sxx, m.Sxy, m.Syy));
    }
}

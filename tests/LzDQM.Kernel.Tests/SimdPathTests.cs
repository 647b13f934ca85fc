using FsCheck.Xunit;
using LzDQM.Kernel.Columns;

namespace LzDQM.Kernel.Tests;

public class SimdPathTests
{
    private static (byte[] Classes, float[] Areas) Event(byte[] raw, int[] areaSeeds, bool ties)
    {
        var n = raw.Length;
        var classes = raw.Select(b => (byte)(b % 6)).ToArray();
        var areas = new float[n];
        for (var i = 0; i < n; i++)
        {
            var s = areaSeeds.Length == 0 ? i : areaSeeds[i % areaSeeds.Length];
            areas[i] = ties ? Math.Abs(s % 4) * 100f : Math.Abs(s % 100_000) * 1.37f;
        }

        return (classes, areas);
    }

    [Property(MaxTest = 300)]
    public bool Vector_largest_S2_search_equals_the_scalar_reference(byte[] raw, int[] areaSeeds, bool ties)
    {
        var (c, a) = Event(raw, areaSeeds, ties);
        var i1 = S2Search.FindLargestScalar(c, a, out var l1, out var s1);
        var i2 = S2Search.FindLargestVector(c, a, out var l2, out var s2);
        return i1 == i2 && l1.Equals(l2) && s1.Equals(s2);
    }

    [Fact]
    public void Largest_S2_search_takes_the_first_of_equal_S2s_and_counts_the_tie_as_second()
    {
        byte[] c = [2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
        var a = new float[c.Length];
        a[3] = 500;
        a[12] = 500;
        Assert.Equal(3, S2Search.FindLargestVector(c, a, out var largest, out var second));
        Assert.Equal(500f, largest);
        Assert.Equal(500f, second);
        Assert.Equal(3, S2Search.FindLargestScalar(c, a, out _, out _));
    }

    [Property(MaxTest = 500)]
    public bool Fast_single_scatter_selection_equals_the_reference(int seed, byte length)
    {
        var rng = new Random(seed);
        var k = length % 40;
        var classes = new byte[k];
        var areas = new float[k];
        var starts = new float[k];
        for (var i = 0; i < k; i++)
        {
            // Mostly S1s and S2s, areas around the 3 phd threshold and the 5× dominance, repeated starts.
            classes[i] = (byte)(rng.Next(4) switch { 0 => 1, 1 => 2, 2 => 2, _ => rng.Next(6) });
            areas[i] = rng.Next(3) switch { 0 => rng.Next(0, 7), 1 => 100 * rng.Next(1, 6), _ => (float)(rng.NextDouble() * 1e4) };
            starts[i] = rng.Next(-5, 5) * 10f;
        }

        var a = SingleScatterSelection.IsSingleScatterReference(classes, areas, starts, 3, 5, out var s1a, out var s2a);
        var b = SingleScatterSelection.IsSingleScatter(classes, areas, starts, 3, 5, out var s1b, out var s2b);
        return a == b && (!a || (s1a == s1b && s2a == s2b));
    }

    [Property(MaxTest = 300)]
    public bool Vector_pulse_class_count_equals_the_scalar_reference(byte[] raw, int repeat)
    {
        // Long columns exercise the byte-accumulator flush (255 blocks of 32).
        var times = 1 + (Math.Abs(repeat) % 400);
        var classes = Enumerable.Repeat(raw, times).SelectMany(x => x).Select(b => (byte)(b % 6)).ToArray();
        var scalar = new long[6];
        var vector = new long[6];
        PulseClassCounter.CountScalar(classes, scalar);
        PulseClassCounter.CountVector256(classes, vector);
        return scalar.SequenceEqual(vector) && scalar.Sum() == classes.Length;
    }
}

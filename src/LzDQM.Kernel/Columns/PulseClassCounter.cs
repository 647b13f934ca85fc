using System.Runtime.Intrinsics;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Counts pulses per class over a class column. SIMD path (byte compares, 32 or 16 at a time,
/// byte accumulators flushed before they can overflow) and a scalar reference that agree
/// exactly (property-tested). Adds to <c>counts</c> (length ≥ 6). Stateless.
/// </summary>
public static class PulseClassCounter
{
    /// <summary>Number of classes counted (0 unspecified … 5 other).</summary>
    public const int Classes = 6;

    /// <summary>Picks the fastest available path.</summary>
    public static void Count(ReadOnlySpan<byte> classes, Span<long> counts)
    {
        if (Vector256.IsHardwareAccelerated && classes.Length >= 64)
        {
            CountVector256(classes, counts);
        }
        else
        {
            CountScalar(classes, counts);
        }
    }

    /// <summary>Scalar reference.</summary>
    public static void CountScalar(ReadOnlySpan<byte> classes, Span<long> counts)
    {
        Span<long> local = stackalloc long[8];
        foreach (var c in classes)
        {
            local[c & 7]++;
        }

        for (var k = 0; k < Classes; k++)
        {
            counts[k] += local[k];
        }
    }

    /// <summary>Vector256 path with a scalar tail.</summary>
    public static void CountVector256(ReadOnlySpan<byte> classes, Span<long> counts)
    {
        var i = 0;
        var n = classes.Length;
        Span<long> local = stackalloc long[Classes];
        while (i + 32 <= n)
        {
            var acc0 = Vector256<byte>.Zero;
            var acc1 = Vector256<byte>.Zero;
            var acc2 = Vector256<byte>.Zero;
            var acc3 = Vector256<byte>.Zero;
            var acc4 = Vector256<byte>.Zero;
            var acc5 = Vector256<byte>.Zero;
            var blocks = Math.Min(255, (n - i) / 32);
            for (var b = 0; b < blocks; b++, i += 32)
            {
                var v = Vector256.Create(classes.Slice(i, 32));

                // A match is 0xFF (= -1): subtracting it adds one.
                acc0 -= Vector256.Equals(v, Vector256.Create((byte)0));
                acc1 -= Vector256.Equals(v, Vector256.Create((byte)1));
                acc2 -= Vector256.Equals(v, Vector256.Create((byte)2));
                acc3 -= Vector256.Equals(v, Vector256.Create((byte)3));
                acc4 -= Vector256.Equals(v, Vector256.Create((byte)4));
                acc5 -= Vector256.Equals(v, Vector256.Create((byte)5));
            }

            local[0] += Sum(acc0);
            local[1] += Sum(acc1);
            local[2] += Sum(acc2);
            local[3] += Sum(acc3);
            local[4] += Sum(acc4);
            local[5] += Sum(acc5);
        }

        for (var k = 0; k < Classes; k++)
        {
            counts[k] += local[k];
        }

        CountScalar(classes[i..], counts);
    }

    private static long Sum(Vector256<byte> acc)
    {
        var (lo, hi) = Vector256.Widen(acc);
        return Vector256.Sum(lo + hi);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Drift times and their spectrum bins for a column of single scatters, eight at a time: the
/// selection loop only gathers the S1 and S2 start times, and this pass does the arithmetic at
/// vector width. Same values as <c>(double)s2 − s1</c> and <see cref="DriftHistogram.Bin"/> per
/// entry (property-tested). Stateless; any thread.
/// </summary>
public static class DriftTimes
{
    /// <summary>
    /// Fills <paramref name="driftUs"/> with <c>(double)s2Start − s1Start</c> and
    /// <paramref name="bins"/> with the drift bins, for as many entries as <paramref name="s1StartUs"/> holds.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> s1StartUs, ReadOnlySpan<float> s2StartUs, Span<double> driftUs, Span<int> bins)
    {
        var n = s1StartUs.Length;
        s2StartUs = s2StartUs[..n];
        driftUs = driftUs[..n];
        bins = bins[..n];
        var i = 0;
        if (Avx.IsSupported)
        {
            ref var s1 = ref MemoryMarshal.GetReference(s1StartUs);
            ref var s2 = ref MemoryMarshal.GetReference(s2StartUs);
            ref var d = ref MemoryMarshal.GetReference(driftUs);
            ref var b = ref MemoryMarshal.GetReference(bins);
            for (; i + 8 <= n; i += 8)
            {
                var lo = Four(ref Unsafe.Add(ref s1, i), ref Unsafe.Add(ref s2, i), out var loIn);
                var hi = Four(ref Unsafe.Add(ref s1, i + 4), ref Unsafe.Add(ref s2, i + 4), out var hiIn);
                lo.StoreUnsafe(ref Unsafe.Add(ref d, i));
                hi.StoreUnsafe(ref Unsafe.Add(ref d, i + 4));

                // ⌊2d⌋ (d / 0.5 is exact) truncated; lanes out of range become −1 whatever the conversion gave.
                var bin = Vector256.Create(
                    Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNegativeInfinity(lo + lo)),
                    Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNegativeInfinity(hi + hi)));
                var outside = ~Vector256.Narrow(loIn.AsInt64(), hiIn.AsInt64());
                (bin | outside).StoreUnsafe(ref Unsafe.Add(ref b, i));
            }
        }

        for (; i < n; i++)
        {
            var drift = (double)s2StartUs[i] - s1StartUs[i];
            driftUs[i] = drift;
            bins[i] = DriftHistogram.Bin(drift);
        }
    }

    // Four drift times and the mask of those inside the spectrum (0 ≤ d < range; NaN is outside).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Four(ref float s1, ref float s2, out Vector256<double> inRange)
    {
        var d = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref s2)) - Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref s1));
        inRange = Vector256.GreaterThanOrEqual(d, Vector256<double>.Zero) & Vector256.LessThan(d, Vector256.Create(DriftHistogram.RangeUs));
        return d;
    }
}

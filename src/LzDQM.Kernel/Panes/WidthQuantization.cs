using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// The arithmetic half of the width pass, eight entries at a time with AVX2: each entry's width-spectrum
/// bin, and for the entries that add to the moments (a drift bin, drift in [lo, hi)) packed to the front
/// of the scratch: moment bin, quantised drift and σ². Exactly the per-entry formulas of
/// <see cref="WidthPane.AddSingleScattersOneByOne"/>. Stateless; any thread.
/// </summary>
internal static class WidthQuantization
{
    // Quantised σ² below this (and ≥ 0, as squares are) converts without saturation.
    private const double SmallQuantizedY = 4294967296.0;

    // Below 2⁵² a non-negative integer-valued double plus 2⁵² is exact and its mantissa bits are the value.
    private const double MantissaOffset = 4503599627370496.0;

    /// <summary>
    /// Whether <see cref="Quantize"/> handles a moment axis: AVX2, drift range inside the drift spectrum
    /// (so quantised drifts are ≥ 0 and fit an int), a finite positive bin density and at least one bin.
    /// </summary>
    public static bool Handles(double lo, double hi, double perUs, int last) =>
        Avx2.IsSupported && BitConverter.IsLittleEndian && lo >= 0 && hi <= DriftHistogram.RangeUs && perUs > 0 && double.IsFinite(perUs) && last >= 0;

    /// <summary>
    /// Fills <paramref name="wb"/>[i] for every entry and returns how many entries add to the moments,
    /// their bin, qx and qy packed (in order) at the start of <paramref name="mb"/>, <paramref name="qx"/>,
    /// <paramref name="qy"/>. Scratch arrays hold at least as many entries as <paramref name="driftBins"/>.
    /// </summary>
    public static int Quantize(ReadOnlySpan<int> driftBins, ReadOnlySpan<double> driftUs, ReadOnlySpan<float> widthUs, double lo, double hi, double perUs, int last,
        int[] wb, int[] mb, int[] qx, long[] qy)
    {
        var n = driftBins.Length;
        driftUs = driftUs[..n];
        widthUs = widthUs[..n];
        ref var b0 = ref MemoryMarshal.GetReference(driftBins);
        ref var d0 = ref MemoryMarshal.GetReference(driftUs);
        ref var w0 = ref MemoryMarshal.GetReference(widthUs);
        ref var wbRef = ref MemoryMarshal.GetArrayDataReference(wb);
        ref var mbRef = ref MemoryMarshal.GetArrayDataReference(mb);
        ref var qxRef = ref MemoryMarshal.GetArrayDataReference(qx);
        ref var qyRef = ref MemoryMarshal.GetArrayDataReference(qy);
        var k = 0;
        var i = 0;
        var loV = Vector256.Create(lo);
        var hiV = Vector256.Create(hi);
        var perV = Vector256.Create(perUs);
        var lastV = Vector256.Create((double)last);
        for (; i <= n - 8; i += 8)
        {
            var w8 = Vector256.LoadUnsafe(ref w0, (nuint)i);
            var next = QuantizeFour(ref b0, ref d0, Avx.ConvertToVector256Double(w8.GetLower()), i, loV, hiV, perV, lastV, ref wbRef, ref mbRef, ref qxRef, ref qyRef, k);
            k = next >= 0 ? next : QuantizeEach(i, i + 4, driftBins, driftUs, widthUs, lo, hi, perUs, last, wb, mb, qx, qy, k);
            next = QuantizeFour(ref b0, ref d0, Avx.ConvertToVector256Double(w8.GetUpper()), i + 4, loV, hiV, perV, lastV, ref wbRef, ref mbRef, ref qxRef, ref qyRef, k);
            k = next >= 0 ? next : QuantizeEach(i + 4, i + 8, driftBins, driftUs, widthUs, lo, hi, perUs, last, wb, mb, qx, qy, k);
        }

        return QuantizeEach(i, n, driftBins, driftUs, widthUs, lo, hi, perUs, last, wb, mb, qx, qy, k);
    }

    // Four entries from i, packed from k; returns the new k, or −1 (nothing written) when a quantised
    // σ² is NaN or ≥ 2⁵², which the saturating scalar formula then takes. Packed stores write four
    // lanes at k ≤ i: inside the scratch. (k as a ref parameter lived on the stack.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int QuantizeFour(ref int b0, ref double d0, Vector256<double> w, int i, Vector256<double> lo, Vector256<double> hi, Vector256<double> perUs, Vector256<double> last,
        ref int wb, ref int mb, ref int qx, ref long qy, int k)
    {
        // Math.Round is round-half-to-even, as RoundToNearestInteger.
        var y = Avx.RoundToNearestInteger(w * w * Moments.YScale);
        var offset = Vector256.Create(MantissaOffset);
        if (Avx.MoveMask(Avx.CompareLessThan(y, offset)) != 0b1111)
        {
            return -1;
        }

        // WidthHistogram.Bin: ⌊100 w⌋ clamped to the last bin, 0 unless w > 0 (NaN too). A positive
        // w (≤ float max, or ∞) gives a product ≥ 0 that min() clamps; the mask zeroes the rest.
        var floor = Avx.RoundToNegativeInfinity(w * 100.0);
        var positive = Avx.CompareGreaterThan(w, Vector256<double>.Zero);
        var widthBin = Avx.ConvertToVector128Int32WithTruncation(Avx.And(Avx.Min(floor, Vector256.Create((double)(WidthHistogram.Bins - 1))), positive));
        widthBin.StoreUnsafe(ref wb, (nuint)i);

        // Entries with a drift bin and lo ≤ d < hi (ordered: NaN fails), so x ≥ 0 (or +∞) and
        // truncating min(x, last) is the saturating min(last, (int)x); d·256 < 2¹⁹ rounds and converts exactly.
        var d = Vector256.LoadUnsafe(ref d0, (nuint)i);
        var hasBin = Avx2.ConvertToVector256Int64(Sse2.CompareGreaterThan(Vector128.LoadUnsafe(ref b0, (nuint)i), Vector128.Create(-1))).AsDouble();
        var inRange = Avx.And(Avx.And(Avx.CompareGreaterThanOrEqual(d, lo), Avx.CompareLessThan(d, hi)), hasBin);
        var momentBin = Avx.ConvertToVector128Int32WithTruncation(Avx.Min((d - lo) * perUs, last));
        var quantX = Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNearestInteger(d * Moments.XScale));

        // σ² quantised: integers in [0, 2⁵²) convert exactly through the mantissa.
        var quantY = (y + offset).AsInt64() - offset.AsInt64();

        // Left-pack the entries in range (no branch on the range: it is not predictable).
        var mask = Avx.MoveMask(inRange);
        var pick = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(PackInt32), (nuint)(mask * 4));
        var pickPairs = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(PackInt64), (nuint)(mask * 8));
        Avx.PermuteVar(momentBin.AsSingle(), pick).AsInt32().StoreUnsafe(ref mb, (nuint)k);
        Avx.PermuteVar(quantX.AsSingle(), pick).AsInt32().StoreUnsafe(ref qx, (nuint)k);
        Avx2.PermuteVar8x32(quantY.AsInt32(), pickPairs).AsInt64().StoreUnsafe(ref qy, (nuint)k);
        return k + BitOperations.PopCount((uint)mask);
    }

    // Entries [from, to) one at a time, the same formulas, packed from k; returns the new k.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int QuantizeEach(int from, int to, ReadOnlySpan<int> driftBins, ReadOnlySpan<double> driftUs, ReadOnlySpan<float> widthUs, double lo, double hi, double perUs, int last,
        int[] wb, int[] mb, int[] qx, long[] qy, int k)
    {
        for (var i = from; i < to; i++)
        {
            var d = driftUs[i];
            double w = widthUs[i];
            wb[i] = WidthHistogram.Bin(w);
            if (driftBins[i] >= 0 && d >= lo && d < hi)
            {
                // x ≥ 0, not NaN: min(x, last) fits; d < 1100 µs, so the quantised drift fits too.
                mb[k] = InRangeTruncation.ToInt32(Math.Min((d - lo) * perUs, last));
                qx[k] = InRangeTruncation.ToInt32(Math.Round(d * Moments.XScale));
                var y = Math.Round(w * w * Moments.YScale);
                qy[k] = y < SmallQuantizedY ? InRangeTruncation.ToInt64(y) : Moments.QuantizeY(w * w);
                k++;
            }
        }

        return k;
    }

    // For each 4-bit mask, the int32 lanes that are set, in order (then anything).
    private static ReadOnlySpan<int> PackInt32 =>
    [
        0, 0, 0, 0,
        0, 0, 0, 0,
        1, 0, 0, 0,
        0, 1, 0, 0,
        2, 0, 0, 0,
        0, 2, 0, 0,
        1, 2, 0, 0,
        0, 1, 2, 0,
        3, 0, 0, 0,
        0, 3, 0, 0,
        1, 3, 0, 0,
        0, 1, 3, 0,
        2, 3, 0, 0,
        0, 2, 3, 0,
        1, 2, 3, 0,
        0, 1, 2, 3,
    ];

    // The same for int64 lanes, as pairs of int32 lanes.
    private static ReadOnlySpan<int> PackInt64 =>
    [
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 0, 0, 0, 0, 0,
        2, 3, 0, 0, 0, 0, 0, 0,
        0, 1, 2, 3, 0, 0, 0, 0,
        4, 5, 0, 0, 0, 0, 0, 0,
        0, 1, 4, 5, 0, 0, 0, 0,
        2, 3, 4, 5, 0, 0, 0, 0,
        0, 1, 2, 3, 4, 5, 0, 0,
        6, 7, 0, 0, 0, 0, 0, 0,
        0, 1, 6, 7, 0, 0, 0, 0,
        2, 3, 6, 7, 0, 0, 0, 0,
        0, 1, 2, 3, 6, 7, 0, 0,
        4, 5, 6, 7, 0, 0, 0, 0,
        0, 1, 4, 5, 6, 7, 0, 0,
        2, 3, 4, 5, 6, 7, 0, 0,
        0, 1, 2, 3, 4, 5, 6, 7,
    ];
}

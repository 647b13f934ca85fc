using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel.Panes;

/// <summary>Folding single scatters into a width pane (the hot path).</summary>
public sealed partial class WidthPane
{
    // Quantised σ² below this (and ≥ 0, as squares are) converts without saturation.
    private const double SmallQuantizedY = 4294967296.0;

    // Below 2⁵² a non-negative integer-valued double plus 2⁵² is exact and its mantissa bits are the value.
    private const double MantissaOffset = 4503599627370496.0;

    // Scratch for one run of entries, per thread (a pane has one writer, but a plain static would be
    // shared by two runs' writers). Grows, never shrinks.
    [ThreadStatic]
    private static int[]? _widthBins;

    [ThreadStatic]
    private static int[]? _momentBins;

    [ThreadStatic]
    private static int[]? _qx;

    [ThreadStatic]
    private static long[]? _qy;

    /// <summary>
    /// Adds single scatters of this pane: each entry with a drift-spectrum bin ≥ 0 (<see cref="DriftHistogram.Bin"/>)
    /// counts in the drift and width spectra, and one with a drift time in
    /// [<paramref name="momentMinUs"/>, <paramref name="momentMaxUs"/>) adds (drift, σ²) to the moments of its
    /// drift bin (⌊(drift − min)·<paramref name="momentBinsPerUs"/>⌋, the last of <paramref name="momentBins"/>
    /// taking overflow). The bins and fixed-point values are computed eight at a time with AVX2 first, then
    /// only increments follow; bit for bit <see cref="AddSingleScattersOneByOne"/> (property-tested).
    /// Hot path; the pane's writer only.
    /// </summary>
    public void AddSingleScatters(ReadOnlySpan<int> driftBins, ReadOnlySpan<double> driftUs, ReadOnlySpan<float> widthUs, double momentMinUs, double momentMaxUs, double momentBinsPerUs, int momentBins)
    {
        if (!Avx2.IsSupported || !BitConverter.IsLittleEndian)
        {
            AddSingleScattersOneByOne(driftBins, driftUs, widthUs, momentMinUs, momentMaxUs, momentBinsPerUs, momentBins);
            return;
        }

        var n = driftBins.Length;
        driftUs = driftUs[..n];
        widthUs = widthUs[..n];
        var wbScratch = _widthBins ?? [];
        var mbScratch = _momentBins ?? [];
        var qxScratch = _qx ?? [];
        var qyScratch = _qy ?? [];
        Columns.ColumnBuffer.Ensure(ref wbScratch, n);
        Columns.ColumnBuffer.Ensure(ref mbScratch, n);
        Columns.ColumnBuffer.Ensure(ref qxScratch, n);
        Columns.ColumnBuffer.Ensure(ref qyScratch, n);
        _widthBins = wbScratch;
        _momentBins = mbScratch;
        _qx = qxScratch;
        _qy = qyScratch;
        var last = Math.Min(momentBins, SigmaSquared.Length) - 1;
        Quantize(driftBins, driftUs, widthUs, momentMinUs, momentMaxUs, momentBinsPerUs, last, wbScratch, mbScratch, qxScratch, qyScratch);

        // Scratch arrays hold at least n entries. Two loops, each with few enough live references to
        // stay in registers (one loop spilled around the moment sums); integer sums, any order.
        CountSpectra(driftBins, wbScratch);
        AddMoments(n, mbScratch, qxScratch, qyScratch);
    }

    // Drift bins are −1 or < DriftHistogram.Bins (Drift's length), width bins 0 … WidthHistogram.Bins − 1
    // (Widths' length), so every access is in bounds.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountSpectra(ReadOnlySpan<int> driftBins, int[] widthBins)
    {
        ref var driftSpectrum = ref MemoryMarshal.GetArrayDataReference(Drift);
        ref var widthSpectrum = ref MemoryMarshal.GetArrayDataReference(Widths);
        ref var wb = ref MemoryMarshal.GetArrayDataReference(widthBins);
        for (var i = 0; i < driftBins.Length; i++)
        {
            var bin = driftBins[i];
            if (bin >= 0)
            {
                Unsafe.Add(ref driftSpectrum, bin)++;
                Unsafe.Add(ref widthSpectrum, Unsafe.Add(ref wb, i))++;
            }
        }
    }

    // Moment bins are −1 (entry outside the range or without a drift bin) or ≤ last < SigmaSquared.Length.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddMoments(int n, int[] momentBins, int[] quantX, long[] quantY)
    {
        ref var moments = ref MemoryMarshal.GetArrayDataReference(SigmaSquared);
        ref var mb = ref MemoryMarshal.GetArrayDataReference(momentBins);
        ref var qx = ref MemoryMarshal.GetArrayDataReference(quantX);
        ref var qy = ref MemoryMarshal.GetArrayDataReference(quantY);
        var vectorHead = HeadIsOneVector;
        for (var i = 0; i < n; i++)
        {
            var m = Unsafe.Add(ref mb, i);
            if (m < 0)
            {
                continue;
            }

            // In range, so 0 ≤ qx < 2¹⁹.
            var x = (ulong)Unsafe.Add(ref qx, i);
            var y = Unsafe.Add(ref qy, i);
            ref var cell = ref Unsafe.Add(ref moments, m);
            if ((ulong)y > uint.MaxValue || !vectorHead)
            {
                cell.Add((long)x, y);
                continue;
            }

            // Moments.Add's path for x, y < 2³² with fewer stores (the fold is store-bound here): N, Sx, Sy
            // (and the padding before Sxx) as one vector, and the high halves of the 128-bit sums only
            // written on a carry. Same sums, modulo 2⁶⁴ and 2¹²⁸.
            ref var head = ref Unsafe.As<Moments, ulong>(ref cell);
            (Vector256.LoadUnsafe(ref head) + Vector256.Create(1UL, x, (ulong)y, 0UL)).StoreUnsafe(ref head);
            AddLow(ref Unsafe.Add(ref head, 4), x * x);
            AddLow(ref Unsafe.Add(ref head, 6), x * (ulong)y);
            AddLow(ref Unsafe.Add(ref head, 8), (ulong)y * (ulong)y);
        }
    }

    // sum += p (mod 2¹²⁸) on the two halves of a little-endian Int128; the carry is rare.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLow(ref ulong low, ulong p)
    {
        var sum = low + p;
        low = sum;
        if (sum < p)
        {
            Unsafe.Add(ref low, 1)++;
        }
    }

    // Moments laid out as N, Sx, Sy at 0, 8, 16, then the 16-byte aligned Int128 sums at 32, 48, 64 (the
    // 8 bytes at 24 are padding), little-endian: the vector path of AddMoments relies on it.
    private static readonly bool HeadIsOneVector = MomentsLayoutFits();

    private static bool MomentsLayoutFits()
    {
        var m = default(Moments);
        ref var start = ref Unsafe.As<Moments, byte>(ref m);
        return BitConverter.IsLittleEndian && Unsafe.SizeOf<Moments>() == 80
            && Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref m.Sx)) == 8
            && Unsafe.ByteOffset(ref start, ref Unsafe.As<long, byte>(ref m.Sy)) == 16
            && Unsafe.ByteOffset(ref start, ref Unsafe.As<Int128, byte>(ref m.Sxx)) == 32
            && Unsafe.ByteOffset(ref start, ref Unsafe.As<Int128, byte>(ref m.Sxy)) == 48
            && Unsafe.ByteOffset(ref start, ref Unsafe.As<Int128, byte>(ref m.Syy)) == 64;
    }

    /// <summary>
    /// <see cref="AddSingleScatters"/> entry by entry with the plain formulas (<see cref="WidthHistogram.Bin"/>,
    /// <see cref="Moments.QuantizeX"/>, <see cref="Moments.QuantizeY"/>): the path without AVX2 and the reference
    /// the eight-wide pass is tested against. The pane's writer only.
    /// </summary>
    public void AddSingleScattersOneByOne(ReadOnlySpan<int> driftBins, ReadOnlySpan<double> driftUs, ReadOnlySpan<float> widthUs, double momentMinUs, double momentMaxUs, double momentBinsPerUs, int momentBins)
    {
        var last = Math.Min(momentBins, SigmaSquared.Length) - 1;
        driftUs = driftUs[..driftBins.Length];
        widthUs = widthUs[..driftBins.Length];
        for (var i = 0; i < driftBins.Length; i++)
        {
            var bin = driftBins[i];
            if (bin < 0)
            {
                continue;
            }

            var d = driftUs[i];
            double w = widthUs[i];
            Drift[bin]++;
            Widths[WidthHistogram.Bin(w)]++;
            if (d >= momentMinUs && d < momentMaxUs)
            {
                var b = Math.Min(last, (int)((d - momentMinUs) * momentBinsPerUs));
                SigmaSquared[b].Add(Moments.QuantizeX(d), Moments.QuantizeY(w * w));
            }
        }
    }

    // Width bin, moment bin (−1 outside [lo, hi) or without a drift bin), qx and qy of every entry;
    // qx and qy are only meaningful where the moment bin is ≥ 0.
    private static void Quantize(ReadOnlySpan<int> driftBins, ReadOnlySpan<double> driftUs, ReadOnlySpan<float> widthUs, double lo, double hi, double perUs, int last,
        int[] wb, int[] mb, int[] qx, long[] qy)
    {
        var n = driftUs.Length;
        ref var d0 = ref MemoryMarshal.GetReference(driftUs);
        ref var w0 = ref MemoryMarshal.GetReference(widthUs);
        ref var b0 = ref MemoryMarshal.GetReference(driftBins);
        var i = 0;
        if (Avx2.IsSupported)
        {
            var loV = Vector256.Create(lo);
            var hiV = Vector256.Create(hi);
            var perV = Vector256.Create(perUs);
            var lastV = Vector256.Create((double)last);
            for (; i <= n - 8; i += 8)
            {
                var w8 = Vector256.LoadUnsafe(ref w0, (nuint)i);
                QuantizeFour(ref b0, ref d0, ref w0, Avx.ConvertToVector256Double(w8.GetLower()), i, loV, hiV, perV, lastV, wb, mb, qx, qy);
                QuantizeFour(ref b0, ref d0, ref w0, Avx.ConvertToVector256Double(w8.GetUpper()), i + 4, loV, hiV, perV, lastV, wb, mb, qx, qy);
            }
        }

        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref d0, i);
            double w = Unsafe.Add(ref w0, i);
            wb[i] = WidthHistogram.Bin(w);
            var inRange = Unsafe.Add(ref b0, i) >= 0 && d >= lo && d < hi;

            // lo ≤ drift < hi: 0 ≤ (drift − lo)·perUs < bins (+ rounding), well inside int; drift
            // < 1100 µs, so the quantised drift fits too.
            mb[i] = inRange ? Math.Min(last, InRangeTruncation.ToInt32((d - lo) * perUs)) : -1;
            qx[i] = inRange ? InRangeTruncation.ToInt32(Math.Round(d * Moments.XScale)) : 0;
            var y = Math.Round(w * w * Moments.YScale);
            qy[i] = y < SmallQuantizedY ? InRangeTruncation.ToInt64(y) : Moments.QuantizeY(w * w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuantizeFour(ref int b0, ref double d0, ref float w0, Vector256<double> w, int i, Vector256<double> lo, Vector256<double> hi, Vector256<double> perUs, Vector256<double> last,
        int[] wb, int[] mb, int[] qx, long[] qy)
    {
        var d = Vector256.LoadUnsafe(ref d0, (nuint)i);

        // WidthHistogram.Bin: ⌊100 w⌋ clamped to the last bin, 0 unless w > 0 (NaN too). A positive
        // w (≤ float max, or ∞) gives a product ≥ 0 that min() clamps; the mask zeroes the rest.
        var floor = Avx.RoundToNegativeInfinity(w * 100.0);
        var positive = Avx.CompareGreaterThan(w, Vector256<double>.Zero);
        var widthBin = Avx.ConvertToVector128Int32WithTruncation(Avx.And(Avx.Min(floor, Vector256.Create((double)(WidthHistogram.Bins - 1))), positive));

        // Moment bin: a drift bin and lo ≤ d < hi (ordered: NaN fails) makes x ≥ 0 and small, so truncating
        // min(x, last) is min(last, (int)x); −1 elsewhere.
        var hasBin = Avx2.ConvertToVector256Int64(Sse2.CompareGreaterThan(Vector128.LoadUnsafe(ref b0, (nuint)i), Vector128.Create(-1))).AsDouble();
        var inRange = Avx.And(Avx.And(Avx.CompareGreaterThanOrEqual(d, lo), Avx.CompareLessThan(d, hi)), hasBin);
        var x = Avx.Min((d - lo) * perUs, last);
        var momentBin = Avx.ConvertToVector128Int32WithTruncation(Avx.BlendVariable(Vector256.Create(-1.0), x, inRange));

        // Math.Round is round-half-to-even, as RoundToNearestInteger; in range, d·256 < 2¹⁹.
        var quantX = Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNearestInteger(d * Moments.XScale));

        // σ² quantised: integers in [0, 2⁵²) convert exactly through the mantissa; NaN and larger
        // values (saturating, as Moments.QuantizeY does) take the scalar formula.
        var y = Avx.RoundToNearestInteger(w * w * Moments.YScale);
        var offset = Vector256.Create(MantissaOffset);
        var quantY = (y + offset).AsInt64() - offset.AsInt64();
        widthBin.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(wb), (nuint)i);
        momentBin.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(mb), (nuint)i);
        quantX.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(qx), (nuint)i);
        quantY.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(qy), (nuint)i);
        if (Avx.MoveMask(Avx.CompareLessThan(y, offset)) != 0b1111)
        {
            for (var k = i; k < i + 4; k++)
            {
                double wk = Unsafe.Add(ref w0, k);
                qy[k] = Moments.QuantizeY(wk * wk);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LzDQM.Kernel.Panes;

/// <summary>Folding single scatters into a width pane (the hot path).</summary>
public sealed partial class WidthPane
{
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
    /// counts in the drift and width spectra, and those of them with a drift time in
    /// [<paramref name="momentMinUs"/>, <paramref name="momentMaxUs"/>) adds (drift, σ²) to the moments of its
    /// drift bin (⌊(drift − min)·<paramref name="momentBinsPerUs"/>⌋, the last of <paramref name="momentBins"/>
    /// taking overflow). The bins and fixed-point values are computed eight at a time with AVX2 first, then
    /// only increments follow; bit for bit <see cref="AddSingleScattersOneByOne"/> (property-tested).
    /// Hot path; the pane's writer only.
    /// </summary>
    public void AddSingleScatters(ReadOnlySpan<int> driftBins, ReadOnlySpan<double> driftUs, ReadOnlySpan<float> widthUs, double momentMinUs, double momentMaxUs, double momentBinsPerUs, int momentBins)
    {
        var last = Math.Min(momentBins, SigmaSquared.Length) - 1;
        if (!WidthQuantization.Handles(momentMinUs, momentMaxUs, momentBinsPerUs, last))
        {
            AddSingleScattersOneByOne(driftBins, driftUs, widthUs, momentMinUs, momentMaxUs, momentBinsPerUs, momentBins);
            return;
        }

        var n = driftBins.Length;
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
        var entries = WidthQuantization.Quantize(driftBins, driftUs, widthUs, momentMinUs, momentMaxUs, momentBinsPerUs, last, wbScratch, mbScratch, qxScratch, qyScratch);

        // Two loops, each with few enough live references to stay in registers (one loop spilled
        // around the moment sums); integer sums, so any order gives the same bits.
        CountSpectra(driftBins, wbScratch);
        AddMoments(entries, mbScratch, qxScratch, qyScratch);
    }

    // Drift bins come from the caller (−1 or below DriftHistogram.Bins from DriftHistogram.Bin), so their
    // index keeps its bounds check (one predictable compare); width bins are 0 … WidthHistogram.Bins − 1
    // by construction, Widths' length.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountSpectra(ReadOnlySpan<int> driftBins, int[] widthBins)
    {
        var driftSpectrum = Drift;
        ref var widthSpectrum = ref MemoryMarshal.GetArrayDataReference(Widths);
        ref var wb = ref MemoryMarshal.GetArrayDataReference(widthBins);
        for (var i = 0; i < driftBins.Length; i++)
        {
            var bin = driftBins[i];
            if (bin >= 0)
            {
                driftSpectrum[bin]++;
                Unsafe.Add(ref widthSpectrum, Unsafe.Add(ref wb, i))++;
            }
        }
    }

    // The first n packed entries: moment bins 0 … last < SigmaSquared.Length, 0 ≤ qx < 2¹⁹, qy ≥ 0.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddMoments(int n, int[] momentBins, int[] quantX, long[] quantY)
    {
        ref var moments = ref MemoryMarshal.GetArrayDataReference(SigmaSquared);
        ref var mb = ref MemoryMarshal.GetArrayDataReference(momentBins);
        ref var qx = ref MemoryMarshal.GetArrayDataReference(quantX);
        ref var qy = ref MemoryMarshal.GetArrayDataReference(quantY);
        var wide = false;
        for (var i = 0; i < n; i++)
        {
            var m = Unsafe.Add(ref mb, i);
            var x = (ulong)Unsafe.Add(ref qx, i);
            var y = Unsafe.Add(ref qy, i);
            if ((ulong)y > uint.MaxValue)
            {
                // Left for AddWideEntries: a call here would keep the loop's index on the stack.
                wide = true;
                continue;
            }

            // Moments.Add's path for x, y < 2³² (64-bit products) with the high halves of the 128-bit
            // sums written only on a carry: three stores fewer. Same sums, modulo 2⁶⁴ and 2¹²⁸. (N, Sx, Sy
            // as one vector add of the struct's first 32 bytes measured slower.)
            ref var cell = ref Unsafe.Add(ref moments, m);
            cell.N++;
            cell.Sx += (long)x;
            cell.Sy += y;
            AddLow(ref cell.Sxx, x * x);
            AddLow(ref cell.Sxy, x * (ulong)y);
            AddLow(ref cell.Syy, (ulong)y * (ulong)y);
        }

        if (wide)
        {
            AddWideEntries(n, momentBins, quantX, quantY);
        }
    }

    // Moments.Add for the first n packed entries with qy ≥ 2³², the ones AddMoments leaves.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddWideEntries(int n, int[] momentBins, int[] quantX, long[] quantY)
    {
        for (var i = 0; i < n; i++)
        {
            if ((ulong)quantY[i] > uint.MaxValue)
            {
                SigmaSquared[momentBins[i]].Add(quantX[i], quantY[i]);
            }
        }
    }

    // sum += p (mod 2¹²⁸) on the two halves of a little-endian Int128 (WidthQuantization.Handles
    // requires little-endian); the carry is rare.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLow(ref Int128 total, ulong p)
    {
        ref var low = ref Unsafe.As<Int128, ulong>(ref total);
        var sum = low + p;
        low = sum;
        if (sum < p)
        {
            Unsafe.Add(ref low, 1)++;
        }
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
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LzDQM.Kernel.Columns;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// The histogram cell each single scatter adds to, for both lifetime populations, eight entries
/// at a time: the drift bin, the validity tests and the cell index are vector arithmetic, so the
/// fill that follows is a short loop of increments (the per-entry scalar version kept the
/// histograms' read-modify-writes waiting behind a long chain of compares and spilled locals).
/// Same cells as <see cref="LifetimePane"/>'s per-entry rule (property-tested). Stateless; any thread.
/// </summary>
internal static class LifetimeCells
{
    /// <summary>
    /// Turns ln S2 bins into the cells that count, packed to the front in entry order:
    /// <paramref name="ssCells"/> holds the single-scatter ln bins on entry (-1 outside) and on
    /// return starts with the cells <c>drift bin · ssRow + ln bin</c> of the entries that add to the
    /// histogram (S2 positive, drift on the axis, ln bin on the axis); with <paramref name="hasKr"/>,
    /// <paramref name="krCells"/> likewise for those also inside the cuts. Returns how many of each.
    /// A NaN drift falls in drift bin 0, as the saturating conversion of the definition gives.
    /// Packing (no branch on whether an entry counts) spares the fill a misprediction per entry
    /// that adds nothing, which cost more than the increments.
    /// </summary>
    public static (int SingleScatter, int Kr83m) Compute(
        ReadOnlySpan<double> driftUs,
        ReadOnlySpan<float> s1Phd,
        ReadOnlySpan<float> s2Phd,
        in LifetimeDriftAxis axis,
        bool hasKr,
        PopulationCuts cuts,
        Span<int> ssCells,
        Span<int> krCells)
    {
        var n = driftUs.Length;
        s1Phd = s1Phd[..n];
        s2Phd = s2Phd[..n];
        ssCells = ssCells[..n];
        krCells = hasKr ? krCells[..n] : default;
        var i = 0;
        int ss = 0, kr = 0;
        if (Avx2.IsSupported)
        {
            (i, ss, kr) = ComputeEight(driftUs, s1Phd, s2Phd, axis, hasKr, cuts, ssCells, krCells);
        }

        // The tail, packed the same way: a write at the count (≤ i) never overtakes the reads.
        for (; i < n; i++)
        {
            var s2 = s2Phd[i];
            var d = axis.Bin(driftUs[i]);
            var ok = (s2 > 0) & (d >= 0);
            var y = ssCells[i];
            ssCells[ss] = (d * axis.SingleScatterRow) + y;
            ss += ok & (y >= 0) ? 1 : 0;
            if (hasKr)
            {
                var k = krCells[i];
                krCells[kr] = (d * axis.Kr83mRow) + k;
                kr += ok & (k >= 0) & cuts.Contains(s1Phd[i], s2) ? 1 : 0;
            }
        }

        return (ss, kr);
    }

    // The vector body: every full group of eight. Returns where the scalar tail starts and how many
    // cells of each population it kept. A packed store writes eight lanes from the count (≤ i), so it
    // stays inside the span and only over entries of this group, already loaded.
    private static (int Next, int SingleScatter, int Kr83m) ComputeEight(ReadOnlySpan<double> driftUs, ReadOnlySpan<float> s1Phd, ReadOnlySpan<float> s2Phd, in LifetimeDriftAxis axis, bool hasKr, PopulationCuts cuts, Span<int> ssCells, Span<int> krCells)
    {
        var n = driftUs.Length;
        ref var drift = ref MemoryMarshal.GetReference(driftUs);
        ref var s1Ref = ref MemoryMarshal.GetReference(s1Phd);
        ref var s2Ref = ref MemoryMarshal.GetReference(s2Phd);
        ref var ss = ref MemoryMarshal.GetReference(ssCells);
        ref var kr = ref MemoryMarshal.GetReference(krCells);
        var min = Vector256.Create(axis.MinUs);
        var perUs = Vector256.Create(axis.PerUs);
        var bins = Vector256.Create((double)axis.Bins);
        var ssRow = Vector256.Create(axis.SingleScatterRow);
        var krRow = Vector256.Create(axis.Kr83mRow);
        var s1Min = Vector256.Create(cuts.S1MinPhd);
        var s1Max = Vector256.Create(cuts.S1MaxPhd);
        var s2Min = Vector256.Create(cuts.S2MinPhd);
        var s2Max = Vector256.Create(cuts.S2MaxPhd);
        int i = 0, ssKept = 0, krKept = 0;
        for (; i + 8 <= n; i += 8)
        {
            // n − i ≥ 8: every load lies inside its span.
            var s2 = Vector256.LoadUnsafe(ref s2Ref, (nuint)i);
            var d = DriftBins(Vector256.LoadUnsafe(ref drift, (nuint)i), Vector256.LoadUnsafe(ref drift, (nuint)i + 4), min, perUs, bins, out var dOk);
            var ok = Vector256.GreaterThan(s2, Vector256<float>.Zero).AsInt32() & dOk;
            var y = Vector256.LoadUnsafe(ref ss, (nuint)i);
            ssKept += LanePack.Store((d * ssRow) + y, ok & ~Vector256.ShiftRightArithmetic(y, 31), ref Unsafe.Add(ref ss, ssKept));
            if (hasKr)
            {
                var s1 = Vector256.LoadUnsafe(ref s1Ref, (nuint)i);
                var inCuts = Vector256.GreaterThanOrEqual(s1, s1Min) & Vector256.LessThanOrEqual(s1, s1Max)
                    & Vector256.GreaterThanOrEqual(s2, s2Min) & Vector256.LessThanOrEqual(s2, s2Max);
                var k = Vector256.LoadUnsafe(ref kr, (nuint)i);
                krKept += LanePack.Store((d * krRow) + k, ok & inCuts.AsInt32() & ~Vector256.ShiftRightArithmetic(k, 31), ref Unsafe.Add(ref kr, krKept));
            }
        }

        return (i, ssKept, krKept);
    }

    // Drift bins of eight drift times (two halves of four doubles): ⌊(drift − min) · perUs⌋ where
    // that lies in [0, bins), 0 for NaN (both valid, dOk all ones), anything with dOk 0 otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> DriftBins(Vector256<double> lo, Vector256<double> hi, Vector256<double> min, Vector256<double> perUs, Vector256<double> bins, out Vector256<int> dOk)
    {
        var xLo = (lo - min) * perUs;
        var xHi = (hi - min) * perUs;
        var inLo = Vector256.GreaterThanOrEqual(xLo, Vector256<double>.Zero) & Vector256.LessThan(xLo, bins);
        var inHi = Vector256.GreaterThanOrEqual(xHi, Vector256<double>.Zero) & Vector256.LessThan(xHi, bins);
        var nanLo = ~Vector256.Equals(xLo, xLo);
        var nanHi = ~Vector256.Equals(xHi, xHi);
        var inRange = Vector256.Narrow(inLo.AsInt64(), inHi.AsInt64());
        dOk = inRange | Vector256.Narrow(nanLo.AsInt64(), nanHi.AsInt64());

        // Out-of-range lanes convert to anything; masked to 0 (the NaN lanes' bin) here.
        var floor = Vector256.Create(
            Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNegativeInfinity(xLo)),
            Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNegativeInfinity(xHi)));
        return floor & inRange;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// Turns ln S2 bins into cells in place: <paramref name="ssCells"/> holds the single-scatter ln
    /// bins on entry (-1 outside) and the cell <c>drift bin · ssRow + ln bin</c> on return, or -1
    /// when the entry adds nothing (S2 not positive, drift outside the axis, ln bin outside).
    /// With <paramref name="hasKr"/>, <paramref name="krCells"/> likewise, -1 also outside the cuts.
    /// A NaN drift falls in drift bin 0, as the saturating conversion of the definition gives.
    /// </summary>
    public static void Compute(
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
        if (Avx2.IsSupported)
        {
            i = ComputeEight(driftUs, s1Phd, s2Phd, axis, hasKr, cuts, ssCells, krCells);
        }

        for (; i < n; i++)
        {
            var s2 = s2Phd[i];
            var d = axis.Bin(driftUs[i]);
            var ok = (s2 > 0) & (d >= 0);
            var y = ssCells[i];
            ssCells[i] = ok & (y >= 0) ? (d * axis.SingleScatterRow) + y : -1;
            if (hasKr)
            {
                var k = krCells[i];
                krCells[i] = ok & (k >= 0) & cuts.Contains(s1Phd[i], s2) ? (d * axis.Kr83mRow) + k : -1;
            }
        }
    }

    // The vector body: every full group of eight; returns where the scalar tail starts.
    private static int ComputeEight(ReadOnlySpan<double> driftUs, ReadOnlySpan<float> s1Phd, ReadOnlySpan<float> s2Phd, in LifetimeDriftAxis axis, bool hasKr, PopulationCuts cuts, Span<int> ssCells, Span<int> krCells)
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
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            // n − i ≥ 8: every load and store below lies inside its span.
            var s2 = Vector256.LoadUnsafe(ref s2Ref, (nuint)i);
            var d = DriftBins(Vector256.LoadUnsafe(ref drift, (nuint)i), Vector256.LoadUnsafe(ref drift, (nuint)i + 4), min, perUs, bins, out var dOk);
            var ok = Vector256.GreaterThan(s2, Vector256<float>.Zero).AsInt32() & dOk;
            var y = Vector256.LoadUnsafe(ref ss, (nuint)i);
            var ssOk = ok & ~Vector256.ShiftRightArithmetic(y, 31);
            ((((d * ssRow) + y) & ssOk) | ~ssOk).StoreUnsafe(ref ss, (nuint)i);
            if (hasKr)
            {
                var s1 = Vector256.LoadUnsafe(ref s1Ref, (nuint)i);
                var inCuts = Vector256.GreaterThanOrEqual(s1, s1Min) & Vector256.LessThanOrEqual(s1, s1Max)
                    & Vector256.GreaterThanOrEqual(s2, s2Min) & Vector256.LessThanOrEqual(s2, s2Max);
                var k = Vector256.LoadUnsafe(ref kr, (nuint)i);
                var krOk = ok & inCuts.AsInt32() & ~Vector256.ShiftRightArithmetic(k, 31);
                ((((d * krRow) + k) & krOk) | ~krOk).StoreUnsafe(ref kr, (nuint)i);
            }
        }

        return i;
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

    /// <summary>
    /// Moves the cells that name one (≥ 0) to the front, in order, and returns how many there are:
    /// without a branch, so the fill that follows does not pay a misprediction per entry that adds nothing.
    /// </summary>
    public static int KeepNamed(Span<int> cells)
    {
        ref var c = ref MemoryMarshal.GetReference(cells);
        var kept = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            // kept ≤ i < Length: both in range; writing at kept never overwrites an unread entry.
            var cell = Unsafe.Add(ref c, i);
            Unsafe.Add(ref c, kept) = cell;
            kept += cell >= 0 ? 1 : 0;
        }

        return kept;
    }
}

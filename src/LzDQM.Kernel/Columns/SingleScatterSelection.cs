using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// SPEC §3 single scatter: exactly one S1 of area ≥ the threshold starting before the largest S2,
/// and the largest S2 at least <c>dominance</c> times the second largest. A one-pass fast path
/// (largest S2 and the S1 candidates together), a branch-free AVX2 path for events of up to
/// <see cref="ShortLanes"/> pulses and the plain reference agree exactly (property-tested). Stateless.
/// </summary>
public static class SingleScatterSelection
{
    private const byte S1 = (byte)PulseClass.S1;
    private const byte S2 = (byte)PulseClass.S2;

    /// <summary>Reference: the largest S2 first, then a scan for S1s before it.</summary>
    public static bool IsSingleScatterReference(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, ReadOnlySpan<float> starts, float s1Threshold, float dominance, out int s1, out int s2)
    {
        s1 = -1;
        s2 = S2Search.FindLargestScalar(classes, areas, out var largest, out var second);
        if (s2 < 0 || !(largest >= dominance * second))
        {
            return false;
        }

        var t = starts[s2];
        var n = 0;
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i] == S1 && areas[i] >= s1Threshold && starts[i] < t)
            {
                n++;
                s1 = i;
            }
        }

        return n == 1;
    }

    /// <summary>
    /// Fast path: one pass finds the largest and second S2 and remembers up to two S1 candidates
    /// (area ≥ threshold); only events with more candidates scan again. Long events use the SIMD
    /// S2 search. The pulse indices of the S1 and the S2 are returned when it is a single scatter.
    /// </summary>
    public static bool IsSingleScatter(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, ReadOnlySpan<float> starts, float s1Threshold, float dominance, out int s1, out int s2)
    {
        var k = classes.Length;
        if (k >= S2Search.VectorThreshold)
        {
            return IsSingleScatterLong(classes, areas, starts, s1Threshold, dominance, out s1, out s2);
        }

        areas = areas[..k];
        starts = starts[..k];
        var best = -1;
        var bestA = float.NegativeInfinity;
        var secondA = float.NegativeInfinity;
        int c0 = -1, c1 = -1, candidates = 0;
        for (var i = 0; i < k; i++)
        {
            var c = classes[i];
            var a = areas[i];
            if (c == S2)
            {
                if (a > bestA)
                {
                    secondA = bestA;
                    bestA = a;
                    best = i;
                }
                else if (a > secondA)
                {
                    secondA = a;
                }
            }
            else if (c == S1 && a >= s1Threshold)
            {
                c1 = candidates == 1 ? i : c1;
                c0 = candidates == 0 ? i : c0;
                candidates++;
            }
        }

        s1 = -1;
        s2 = best;
        if (best < 0 || candidates == 0 || !(bestA >= dominance * secondA))
        {
            return false;
        }

        var t = starts[best];
        if (candidates > 2)
        {
            return ScanS1(classes, areas, starts, s1Threshold, t, out s1);
        }

        var before0 = starts[c0] < t;
        var before1 = candidates == 2 && starts[c1] < t;
        if (before0 == before1)
        {
            return false;
        }

        s1 = before0 ? c0 : c1;
        return true;
    }

    /// <summary>Events of at most this many pulses can take <see cref="IsSingleScatterShort"/>.</summary>
    public const int ShortLanes = 8;

    /// <summary>True when the hardware runs <see cref="IsSingleScatterShort"/>.</summary>
    public static bool ShortPathSupported => Avx2.IsSupported;

    /// <summary>
    /// Branch-free AVX2 path for an event of <paramref name="k"/> (1 … <see cref="ShortLanes"/>)
    /// pulses: the spans hold the event's pulses first and are at least <see cref="ShortLanes"/>
    /// long; whatever follows the event (the next event's pulses, stale data, NaN) is masked off.
    /// Same answer as <see cref="IsSingleScatterReference"/>, and the same indices when the answer
    /// is true (otherwise some index in 0…7, so a caller may read them without a branch). Needs
    /// <see cref="ShortPathSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSingleScatterShort(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, ReadOnlySpan<float> starts, int k, float s1Threshold, float dominance, out int s1, out int s2)
    {
        // The slices check that eight elements are there; the rest reads through references.
        return IsSingleScatterShortAt(
            ref MemoryMarshal.GetReference(classes[..ShortLanes]),
            ref MemoryMarshal.GetReference(areas[..ShortLanes]),
            ref MemoryMarshal.GetReference(starts[..ShortLanes]),
            k,
            s1Threshold,
            dominance,
            out s1,
            out s2);
    }

    /// <summary>
    /// <see cref="IsSingleScatterShort"/>
    /// on references to the event's first pulse, for a hot loop that has already proven that
    /// <see cref="ShortLanes"/> elements are readable from each (no bounds checks here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSingleScatterShortAt(ref byte classes, ref float areas, ref float starts, int k, float s1Threshold, float dominance, out int s1, out int s2)
    {
        var iota = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var inEvent = Vector256.LessThan(iota, Vector256.Create(k)).AsSingle();
        var cls = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref classes)).AsSByte();
        var isS2 = Avx2.ConvertToVector256Int32(Vector128.Equals(cls, Vector128.Create((sbyte)S2))).AsSingle();
        var isS1 = Avx2.ConvertToVector256Int32(Vector128.Equals(cls, Vector128.Create((sbyte)S1))).AsSingle();
        var a = Vector256.LoadUnsafe(ref areas);
        var minusInf = Vector256.Create(float.NegativeInfinity);

        // The scalar search never takes a NaN or -∞ area as an S2 (its comparisons are false).
        var s2Lanes = isS2 & inEvent & Vector256.GreaterThan(a, minusInf);
        var s2Areas = Avx.BlendVariable(minusInf, a, s2Lanes);
        var largest = AllLanesTopTwo(s2Areas, out var secondLanes);
        var first = (s2Lanes & Vector256.Equals(s2Areas, largest)).ExtractMostSignificantBits();

        // No branch below (the caller compacts with the answer): indices stay in 0…7 whatever the
        // event holds, and are meaningful only when the answer is true. The first pulse of the
        // largest area is the S2; an equal later one counts as second (the top two of the
        // multiset: a tie gives second = largest, as removing the S2's lane and taking the max did).
        s2 = BitOperations.TrailingZeroCount(first | 0x100u) & 7;
        var second = secondLanes.ToScalar();
        var dominant = largest.ToScalar() >= dominance * second;
        var s = Vector256.LoadUnsafe(ref starts);
        var before = isS1 & inEvent & Vector256.GreaterThanOrEqual(a, Vector256.Create(s1Threshold)) & Vector256.LessThan(s, Vector256.Create(Unsafe.Add(ref starts, s2)));
        var bits = before.ExtractMostSignificantBits();
        s1 = BitOperations.TrailingZeroCount(bits | 0x100u) & 7;
        return (first != 0) & dominant & (BitOperations.PopCount(bits) == 1);
    }

    /// <summary>
    /// <see cref="IsSingleScatterShort"/> with a shortcut first: an event with at most one S1-class
    /// and one S2-class pulse (95 % of a real mix) needs no search, only a few scalar compares;
    /// any other event takes the SIMD path. Same contract and answers as
    /// <see cref="IsSingleScatterShort"/>. Needs <see cref="ShortPathSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSingleScatterEight(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, ReadOnlySpan<float> starts, int k, float s1Threshold, float dominance, out int s1, out int s2)
    {
        return IsSingleScatterEightAt(
            ref MemoryMarshal.GetReference(classes[..ShortLanes]),
            ref MemoryMarshal.GetReference(areas[..ShortLanes]),
            ref MemoryMarshal.GetReference(starts[..ShortLanes]),
            k,
            s1Threshold,
            dominance,
            out s1,
            out s2,
            out _);
    }

    /// <summary>
    /// <see cref="IsSingleScatterEight"/> on references to the event's first pulse (no bounds
    /// checks: <see cref="ShortLanes"/> elements must be readable from each), also handing back the
    /// areas and starts at the two indices it returns, so a caller need not load them again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSingleScatterEightAt(ref byte classes, ref float areas, ref float starts, int k, float s1Threshold, float dominance, out int s1, out int s2, out ScatterPulses pulses)
    {
        // One byte compare per class over the eight lanes, cut to the event's k.
        var cls = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref classes)).AsByte();
        var inEvent = ~(uint.MaxValue << k);
        var s1Bits = Vector128.Equals(cls, Vector128.Create(S1)).ExtractMostSignificantBits() & inEvent;
        var s2Bits = Vector128.Equals(cls, Vector128.Create(S2)).ExtractMostSignificantBits() & inEvent;
        if (((s1Bits & (s1Bits - 1)) | (s2Bits & (s2Bits - 1))) == 0)
        {
            // At most one S1-class and one S2-class pulse. No S1 or no S2: not a single scatter.
            // Otherwise the lone S2 is the largest unless its area is NaN or -∞ (the search takes
            // neither), the second largest is -∞ as in the SIMD reduction, and the lone S1 counts
            // when it passes the threshold and starts before the S2. Indices stay in 0…7.
            s1 = BitOperations.TrailingZeroCount(s1Bits | 0x100u) & 7;
            s2 = BitOperations.TrailingZeroCount(s2Bits | 0x100u) & 7;
            pulses = new ScatterPulses(Unsafe.Add(ref areas, s1), Unsafe.Add(ref areas, s2), Unsafe.Add(ref starts, s1), Unsafe.Add(ref starts, s2));
            return (s1Bits != 0) & (s2Bits != 0)
                & (pulses.S2Area > float.NegativeInfinity)
                & (pulses.S2Area >= dominance * float.NegativeInfinity)
                & (pulses.S1Area >= s1Threshold)
                & (pulses.S1Start < pulses.S2Start);
        }

        var single = IsSingleScatterShortAt(ref classes, ref areas, ref starts, k, s1Threshold, dominance, out s1, out s2);
        pulses = new ScatterPulses(Unsafe.Add(ref areas, s1), Unsafe.Add(ref areas, s2), Unsafe.Add(ref starts, s1), Unsafe.Add(ref starts, s2));
        return single;
    }

    // The largest and second largest of the eight lanes (as a multiset), in every lane, in one
    // reduction: pairs (max, second) combine as (max(m1, m2), max(min(m1, m2), max(s1, s2))), so
    // the second does not wait for the largest to be known. No NaN: lanes are finite or -∞ (a
    // zero's sign may differ from the lane it came from, which no comparison sees).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> AllLanesTopTwo(Vector256<float> v, out Vector256<float> second)
    {
        var p = Avx.Permute2x128(v, v, 1);
        var s = Avx.Min(v, p);
        var m = Avx.Max(v, p);
        p = Avx.Permute(m, 0b01_00_11_10);
        s = Avx.Max(Avx.Min(m, p), Avx.Max(s, Avx.Permute(s, 0b01_00_11_10)));
        m = Avx.Max(m, p);
        p = Avx.Permute(m, 0b10_11_00_01);
        s = Avx.Max(Avx.Min(m, p), Avx.Max(s, Avx.Permute(s, 0b10_11_00_01)));
        second = s;
        return Avx.Max(m, p);
    }

    private static bool IsSingleScatterLong(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, ReadOnlySpan<float> starts, float s1Threshold, float dominance, out int s1, out int s2)
    {
        s1 = -1;
        s2 = S2Search.FindLargest(classes, areas, out var largest, out var second);
        return s2 >= 0 && largest >= dominance * second && ScanS1(classes, areas, starts, s1Threshold, starts[s2], out s1);
    }

    private static bool ScanS1(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, ReadOnlySpan<float> starts, float s1Threshold, float t, out int s1)
    {
        s1 = -1;
        var n = 0;
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i] == S1 && areas[i] >= s1Threshold && starts[i] < t)
            {
                n++;
                s1 = i;
            }
        }

        return n == 1;
    }
}

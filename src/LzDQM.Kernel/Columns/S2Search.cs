using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Finds the largest and second-largest S2 of one event's pulses. A SIMD path (Vector256)
/// serves long events, a scalar path short ones; both give identical results (property-tested),
/// including ties: the first pulse of the largest area wins and an equal second pulse becomes
/// the second largest. Areas are finite (NaN is rejected upstream as bad input). Stateless.
/// </summary>
public static class S2Search
{
    private const byte S2 = (byte)PulseClass.S2;

    /// <summary>Events with at least this many pulses take the SIMD path.</summary>
    public const int VectorThreshold = 16;

    /// <summary>Picks the path by length and hardware support.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FindLargest(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, out float largest, out float second) =>
        classes.Length >= VectorThreshold && Vector256.IsHardwareAccelerated
            ? FindLargestVector(classes, areas, out largest, out second)
            : FindLargestScalar(classes, areas, out largest, out second);

    /// <summary>Scalar reference. Returns the index of the largest S2 or -1; missing values are -∞.</summary>
    public static int FindLargestScalar(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, out float largest, out float second)
    {
        var best = -1;
        var bestA = float.NegativeInfinity;
        var secondA = float.NegativeInfinity;
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i] != S2)
            {
                continue;
            }

            var a = areas[i];
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

        largest = bestA;
        second = secondA;
        return best;
    }

    /// <summary>SIMD path: per-lane running largest and second largest, then a reduction.</summary>
    public static int FindLargestVector(ReadOnlySpan<byte> classes, ReadOnlySpan<float> areas, out float largest, out float second)
    {
        var n = classes.Length;
        var vmax = Vector256.Create(float.NegativeInfinity);
        var vsec = vmax;
        var minusInf = vmax;
        var s2 = Vector256.Create((int)S2);
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var cls = Vector256.Create(classes[i], classes[i + 1], classes[i + 2], classes[i + 3], classes[i + 4], classes[i + 5], classes[i + 6], classes[i + 7]);
            var isS2 = Vector256.Equals(cls, s2).AsSingle();
            var a = Vector256.ConditionalSelect(isS2, Vector256.Create(areas.Slice(i, 8)), minusInf);
            vsec = Vector256.Max(vsec, Vector256.Min(vmax, a));
            vmax = Vector256.Max(vmax, a);
        }

        // Reduce: the largest lane, then the second largest over the other lanes' maxima and every lane's second.
        var m = float.NegativeInfinity;
        var s = float.NegativeInfinity;
        var taken = false;
        for (var l = 0; l < 8; l++)
        {
            s = MathF.Max(s, vsec.GetElement(l));
            m = MathF.Max(m, vmax.GetElement(l));
        }

        for (var l = 0; l < 8; l++)
        {
            var v = vmax.GetElement(l);
            if (v == m && !taken)
            {
                taken = true;
                continue;
            }

            s = MathF.Max(s, v);
        }

        for (; i < n; i++)
        {
            if (classes[i] != S2)
            {
                continue;
            }

            var a = areas[i];
            if (a > m)
            {
                s = m;
                m = a;
            }
            else if (a > s)
            {
                s = a;
            }
        }

        largest = m;
        second = s;
        if (float.IsNegativeInfinity(m))
        {
            return -1;
        }

        for (var k = 0; k < n; k++)
        {
            if (classes[k] == S2 && areas[k] == m)
            {
                return k;
            }
        }

        return -1;
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Left-packing of eight int lanes with AVX2: the lanes a mask keeps move, in order, to the front,
/// so a pass can write only the entries that count and the loop after it needs no branch per
/// entry. Immutable table; any thread.
/// </summary>
internal static class LanePack
{
    // For each 8-bit mask, the lane indices it keeps, in order, then zeros: 256 × 8 ints (8 kB).
    private static readonly int[] Picks = BuildPicks();

    /// <summary>
    /// Stores the lanes of <paramref name="values"/> whose <paramref name="keep"/> lane is all ones
    /// at <paramref name="destination"/>, in order, and returns how many. All eight lanes are
    /// written (those past the count hold leftovers), so eight ints must be writable there.
    /// Needs <see cref="Avx2"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Store(Vector256<int> values, Vector256<int> keep, ref int destination)
    {
        var mask = keep.AsSingle().ExtractMostSignificantBits();
        var pick = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(Picks), (nuint)(mask * 8));
        Avx2.PermuteVar8x32(values, pick).StoreUnsafe(ref destination);
        return BitOperations.PopCount(mask);
    }

    private static int[] BuildPicks()
    {
        var picks = new int[256 * 8];
        for (var mask = 0; mask < 256; mask++)
        {
            var k = 0;
            for (var lane = 0; lane < 8; lane++)
            {
                if ((mask & (1 << lane)) != 0)
                {
                    picks[(mask * 8) + k++] = lane;
                }
            }
        }

        return picks;
    }
}

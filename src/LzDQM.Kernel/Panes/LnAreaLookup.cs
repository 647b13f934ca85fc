using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// <see cref="LnAreaBinning.Bin"/> with its arrays and constants in locals, for binnings whose
/// cells hold at most one edge: a hot loop keeps them in registers instead of reloading the
/// binning's fields after every histogram store. Immutable; any thread.
/// </summary>
internal readonly struct LnAreaLookup(float[] edges, int[] cellBin, int[]? cellPacked, int firstCell, int shift, int bins)
{
    private readonly float[] _edges = edges;
    private readonly int[] _cellBin = cellBin;
    private readonly int[]? _cellPacked = cellPacked;
    private readonly float _low = edges[0];
    private readonly float _high = edges[bins];
    private readonly int _firstCell = firstCell;
    private readonly int _lastCell = cellBin.Length - 1;
    private readonly int _shift = shift;

    /// <summary>The bin of the area, or -1 outside the binning (also NaN, 0, negatives): <see cref="LnAreaBinning.Bin"/>'s answer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bin(float area)
    {
        var inRange = (area >= _low) & (area < _high);
        var cell = Math.Min(Math.Max((BitConverter.SingleToInt32Bits(area) >> _shift) - _firstCell, 0), _lastCell);

        // cell is clamped into the table; a table entry is at most bins and _edges has bins + 2
        // entries (the last +∞), so both reads are in bounds.
        var bin = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cellBin), cell);
        bin += area >= Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_edges), bin + 1) ? 1 : 0;
        return inRange ? bin : -1;
    }

    /// <summary>
    /// <see cref="Bin"/> of every area, eight at a time with one AVX2 gather of the packed cell
    /// table where the binning has one (lookups then overlap across lanes instead of chaining per
    /// event). Same answers (property-tested). Stateless; any thread.
    /// </summary>
    public void BinAll(ReadOnlySpan<float> areas, Span<int> bins)
    {
        var n = areas.Length;
        bins = bins[..n];
        var i = 0;
        if (Avx2.IsSupported && _cellPacked is { } packed)
        {
            // Coarse axes (cells over 16 bits, or 2^16 bins and more) have no packed table and
            // take the one-at-a-time lookup below; the default options' axes all have one.
            i = BinEightPacked(areas, bins, packed);
        }

        for (; i < n; i++)
        {
            bins[i] = Bin(areas[i]);
        }
    }

    // Eight at a time with one gather of the packed cell (bin | edge offset << 16, see
    // LnAreaBinning.PackCells): the area is past the cell's edge when its bits within the cell
    // exceed the offset. For an area in range the cell is its own (no clamping happened), so the
    // low bits are its position in that cell.
    private unsafe int BinEightPacked(ReadOnlySpan<float> areas, Span<int> bins, int[] packed)
    {
        var n = areas.Length;
        var i = 0;
        ref var a = ref MemoryMarshal.GetReference(areas);
        ref var b = ref MemoryMarshal.GetReference(bins);
        var low = Vector256.Create(_low);
        var high = Vector256.Create(_high);
        var first = Vector256.Create(_firstCell);
        var last = Vector256.Create(_lastCell);
        var withinCell = Vector256.Create((1 << _shift) - 1);
        var binMask = Vector256.Create(0xFFFF);
        fixed (int* cells = packed)
        {
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref a, i));
                var inRange = (Vector256.GreaterThanOrEqual(v, low) & Vector256.LessThan(v, high)).AsInt32();
                var cell = Vector256.Min(Vector256.Max(Vector256.ShiftRightArithmetic(v.AsInt32(), _shift) - first, Vector256<int>.Zero), last);
                var entry = Avx2.GatherVector256(cells, cell, 4);

                // Both sides are below 2^16 (offsets, and bits within a cell of at most 16 bits): a signed compare is exact.
                var past = Vector256.GreaterThan(v.AsInt32() & withinCell, Vector256.ShiftRightLogical(entry, 16));
                var bin = (entry & binMask) - past;
                ((bin & inRange) | ~inRange).StoreUnsafe(ref Unsafe.Add(ref b, i));
            }
        }

        return i;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// <see cref="LnAreaBinning.Bin"/> with its arrays and constants in locals, for binnings whose
/// cells hold at most one edge: a hot loop keeps them in registers instead of reloading the
/// binning's fields after every histogram store. Immutable; any thread.
/// </summary>
internal readonly struct LnAreaLookup(float[] edges, int[] cellBin, int firstCell, int shift, int bins)
{
    private readonly float[] _edges = edges;
    private readonly int[] _cellBin = cellBin;
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
}

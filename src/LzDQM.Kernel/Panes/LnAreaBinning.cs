using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// The ln-area axis of a lifetime histogram, binned without a logarithm per event: the bin of a
/// float area is by definition ⌊(Math.Log(area) − lnMin) · (1/lnBin)⌋ (<see cref="ReferenceBin"/>),
/// and since that is non-decreasing in the area, it equals the number of bin edges at or below the
/// area, less one. The edges are the smallest float of each bin, found once by bisection over float
/// bit patterns with the reference formula itself (so they agree with this machine's Math.Log bit
/// for bit); a coarse table indexed by the float's exponent and top mantissa bits gives the bin of
/// each cell's first float, and one or two edge comparisons finish. Immutable; any thread.
/// </summary>
public sealed class LnAreaBinning
{
    private const int MaxMantissaBits = 12;
    private const int MaxCells = 1 << 16;
    private readonly float[] _edges;
    private readonly int[] _cellBin;
    private readonly int _firstCell;
    private readonly int _shift;
    private readonly bool _oneEdgePerCell;
    private readonly int[]? _cellPacked;

    private static readonly ConcurrentDictionary<(double, double, int), LnAreaBinning> Shared = new();

    /// <summary>The shared (immutable) binning of these parameters, built on first use.</summary>
    public static LnAreaBinning For(double lnMin, double lnBin, int lnBins) =>
        Shared.GetOrAdd((lnMin, lnBin, lnBins), static key => new LnAreaBinning(key.Item1, key.Item2, key.Item3));

    /// <summary>Builds the binning of <paramref name="lnBins"/> bins of width <paramref name="lnBin"/> from <paramref name="lnMin"/>.</summary>
    public LnAreaBinning(double lnMin, double lnBin, int lnBins)
    {
        LnMin = lnMin;
        PerLn = 1 / lnBin;
        Bins = lnBins;
        _edges = new float[lnBins + 2];
        for (var y = 0; y <= lnBins; y++)
        {
            _edges[y] = SmallestWithBinAtLeast(y);
        }

        // A sentinel above every finite float keeps the finishing comparisons inside the array.
        _edges[lnBins + 1] = float.PositiveInfinity;

        // Cells (a 2^-bits slice of a binade, at most ln(1 + 2^-bits) wide) narrower than half a
        // bin hold at most one edge, so one comparison finishes; the table stays small.
        var bits = Math.Clamp((int)Math.Ceiling(Math.Log2(2 / lnBin)) + 1, 1, MaxMantissaBits);
        var lastBits = float.IsPositiveInfinity(_edges[lnBins]) ? BitConverter.SingleToInt32Bits(float.MaxValue) : BitConverter.SingleToInt32Bits(_edges[lnBins]);
        while (bits > 1 && ((long)lastBits >> (23 - bits)) - (BitConverter.SingleToInt32Bits(_edges[0]) >> (23 - bits)) >= MaxCells)
        {
            bits--;
        }

        _shift = 23 - bits;
        _firstCell = Cell(_edges[0]);
        var lastCell = lastBits >> _shift;
        _cellBin = new int[Math.Max(1, lastCell - _firstCell + 1)];
        var bin = 0;
        for (var c = 0; c < _cellBin.Length; c++)
        {
            var first = BitConverter.Int32BitsToSingle((c + _firstCell) << _shift);
            while (bin < lnBins && _edges[bin + 1] <= first)
            {
                bin++;
            }

            _cellBin[c] = Math.Max(first >= _edges[0] ? bin : 0, 0);
        }

        _oneEdgePerCell = true;
        for (var y = 1; y < lnBins && _oneEdgePerCell; y++)
        {
            // Two edges in one cell (or a cell starting below edge 0 and holding edge 1): loop instead.
            _oneEdgePerCell = Cell(_edges[y]) != Cell(_edges[y + 1]) && (y > 1 || Cell(_edges[0]) != Cell(_edges[1]));
        }

        _cellPacked = _oneEdgePerCell && _shift <= 16 && lnBins <= ushort.MaxValue ? PackCells() : null;
    }

    // One int per cell for the eight-wide lookup (one gather instead of two chained ones): the
    // bin of the cell's first float in the low 16 bits and, in the high 16, how far into the cell
    // (in float bit patterns, less one) the next edge lies, 0xFFFF when it lies past the cell. An
    // area in the cell is past that edge when its low <shift> bits exceed the offset.
    private int[] PackCells()
    {
        var packed = new int[_cellBin.Length];
        for (var c = 0; c < packed.Length; c++)
        {
            var bin = _cellBin[c];
            var start = (c + _firstCell) << _shift;
            var next = _edges[bin + 1];
            var inCell = !float.IsPositiveInfinity(next) && Cell(next) == c + _firstCell;
            var offset = inCell ? BitConverter.SingleToInt32Bits(next) - start - 1 : ushort.MaxValue;
            packed[c] = (offset << 16) | bin;
        }

        return packed;
    }

    /// <summary>Lower edge of bin 0 in ln units.</summary>
    public double LnMin { get; }

    /// <summary>Bins per ln unit.</summary>
    public double PerLn { get; }

    /// <summary>Number of bins.</summary>
    public int Bins { get; }

    /// <summary>True when areas are binned eight at a time from one packed table entry each (cells of at most 16 bits, under 2^16 bins); otherwise one at a time.</summary>
    public bool HasPackedCells => _cellPacked is not null;

    /// <summary>The definition: ⌊(ln area − lnMin) · perLn⌋ as the histogram always computed it (may be out of range).</summary>
    public double ReferenceBin(float area) => Math.Floor((Math.Log(area) - LnMin) * PerLn);

    /// <summary>The bin of a positive area, or -1 outside the binning (also for NaN, 0 and negatives). Hot path, no branch on the area.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bin(float area)
    {
        var edges = _edges;
        var inRange = (area >= edges[0]) & (area < edges[Bins]);

        // Out-of-range areas look up a clamped cell; the answer is dropped below.
        var cell = Math.Min(Math.Max(Cell(area) - _firstCell, 0), _cellBin.Length - 1);
        var bin = _cellBin[cell];
        if (_oneEdgePerCell)
        {
            // The area is past at most one edge of its cell.
            bin += area >= edges[bin + 1] ? 1 : 0;
        }
        else
        {
            while (bin < Bins && area >= edges[bin + 1])
            {
                bin++;
            }
        }

        return inRange ? bin : -1;
    }

    /// <summary>
    /// <see cref="Bin"/> of every area in <paramref name="areas"/> into <paramref name="bins"/>, eight
    /// at a time with AVX2 gathers where the table allows. Same answers (property-tested). Any thread.
    /// </summary>
    public void BinAll(ReadOnlySpan<float> areas, Span<int> bins)
    {
        if (Lookup is { } lookup)
        {
            lookup.BinAll(areas, bins);
            return;
        }

        bins = bins[..areas.Length];
        for (var i = 0; i < areas.Length; i++)
        {
            bins[i] = Bin(areas[i]);
        }
    }

    /// <summary>
    /// The lookup's arrays and constants, for a hot loop that keeps them in registers (the same
    /// computation as <see cref="Bin"/>). Null when cells may hold more than one edge.
    /// </summary>
    internal LnAreaLookup? Lookup => _oneEdgePerCell ? new LnAreaLookup(_edges, _cellBin, _cellPacked, _firstCell, _shift, Bins) : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Cell(float positive) => BitConverter.SingleToInt32Bits(positive) >> _shift;

    // Bisection over positive float bit patterns (their order is the order of the values).
    private float SmallestWithBinAtLeast(int y)
    {
        var lo = 1;
        var hi = BitConverter.SingleToInt32Bits(float.MaxValue);
        if (ReferenceBin(BitConverter.Int32BitsToSingle(hi)) < y)
        {
            return float.PositiveInfinity;
        }

        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (ReferenceBin(BitConverter.Int32BitsToSingle(mid)) >= y)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return BitConverter.Int32BitsToSingle(lo);
    }
}

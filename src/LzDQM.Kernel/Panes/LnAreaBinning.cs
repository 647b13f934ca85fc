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
    private const int MaxMantissaBits = 8;
    private readonly float[] _edges;
    private readonly int[] _cellBin;
    private readonly int _firstCell;
    private readonly int _shift;

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

        // Cells narrow enough that a bin (≥ lnBin wide) rarely spans more than one edge.
        var bits = Math.Clamp((int)Math.Ceiling(Math.Log2(2 / lnBin)) + 1, 1, MaxMantissaBits);
        _shift = 23 - bits;
        _firstCell = Cell(_edges[0]);
        var lastCell = float.IsPositiveInfinity(_edges[lnBins]) ? Cell(float.MaxValue) : Cell(_edges[lnBins]);
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
    }

    /// <summary>Lower edge of bin 0 in ln units.</summary>
    public double LnMin { get; }

    /// <summary>Bins per ln unit.</summary>
    public double PerLn { get; }

    /// <summary>Number of bins.</summary>
    public int Bins { get; }

    /// <summary>The definition: ⌊(ln area − lnMin) · perLn⌋ as the histogram always computed it (may be out of range).</summary>
    public double ReferenceBin(float area) => Math.Floor((Math.Log(area) - LnMin) * PerLn);

    /// <summary>The bin of a positive area, or -1 outside the binning (also for NaN, 0 and negatives). Hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bin(float area)
    {
        var edges = _edges;
        if (!(area >= edges[0]) || area >= edges[Bins])
        {
            return -1;
        }

        var bin = _cellBin[Cell(area) - _firstCell];
        while (area >= edges[bin + 1])
        {
            bin++;
        }

        return bin;
    }

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

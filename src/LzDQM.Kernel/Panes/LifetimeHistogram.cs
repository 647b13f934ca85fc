using System.Runtime.CompilerServices;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// A 2-D integer histogram of drift time × ln S2 for one lifetime population: exact and
/// mergeable, and rich enough for a robust (outlier-clipped) straight-line fit of ln S2 against
/// drift time. Binning is fixed by the options, so panes of one run always merge.
/// Single writer; not thread-safe.
/// </summary>
public sealed class LifetimeHistogram
{
    private readonly double _driftPerUs;
    private readonly double _perLn;

    /// <summary>Creates an empty histogram.</summary>
    public LifetimeHistogram(double driftMinUs, double driftBinUs, int driftBins, double lnMin, double lnBin, int lnBins)
    {
        DriftMinUs = driftMinUs;
        DriftBinUs = driftBinUs;
        DriftBins = driftBins;
        LnMin = lnMin;
        LnBin = lnBin;
        LnBins = lnBins;
        Counts = new int[driftBins * lnBins];
        _driftPerUs = 1 / driftBinUs;
        _perLn = 1 / lnBin;
        LnAxis = LnAreaBinning.For(lnMin, lnBin, lnBins);
    }

    /// <summary>The ln S2 axis as a logarithm-free lookup on the S2 area: the same bins <see cref="Add"/> computes from ln S2.</summary>
    public LnAreaBinning LnAxis { get; }


    /// <summary>Lower edge of the first drift bin, µs.</summary>
    public double DriftMinUs { get; }

    /// <summary>Drift bin width, µs.</summary>
    public double DriftBinUs { get; }

    /// <summary>Drift bins.</summary>
    public int DriftBins { get; }

    /// <summary>Lower edge of the first ln S2 bin.</summary>
    public double LnMin { get; }

    /// <summary>ln S2 bin width.</summary>
    public double LnBin { get; }

    /// <summary>ln S2 bins.</summary>
    public int LnBins { get; }

    /// <summary>Counts, drift-major: [driftBin * LnBins + lnBin].</summary>
    public int[] Counts { get; }

    /// <summary>Adds an event; values outside the binning are ignored (returns false).</summary>
    public bool Add(double driftUs, double lnS2)
    {
        var d = (int)Math.Floor((driftUs - DriftMinUs) * _driftPerUs);
        var y = (int)Math.Floor((lnS2 - LnMin) * _perLn);
        if ((uint)d >= (uint)DriftBins || (uint)y >= (uint)LnBins)
        {
            return false;
        }

        Counts[(d * LnBins) + y]++;
        return true;
    }

    /// <summary>The drift bin of a drift time, or -1 outside the binning (the drift axis of <see cref="Add"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DriftBin(double driftUs)
    {
        var d = (int)Math.Floor((driftUs - DriftMinUs) * _driftPerUs);
        return (uint)d < (uint)DriftBins ? d : -1;
    }

    /// <summary>
    /// Adds an event by its drift bin (<see cref="DriftBin"/>) and S2 area: the same cell as
    /// <c>Add(driftUs, Math.Log(s2))</c>, without the logarithm. Out of range: ignored (false). Hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AddArea(int driftBin, float s2)
    {
        var y = LnAxis.Bin(s2);
        if (driftBin < 0 || y < 0)
        {
            return false;
        }

        Counts[(driftBin * LnBins) + y]++;
        return true;
    }

    /// <summary>True when <paramref name="other"/> bins drift time exactly as this one does.</summary>
    internal bool SameDriftAxis(LifetimeHistogram other) =>
        DriftMinUs == other.DriftMinUs && _driftPerUs == other._driftPerUs && DriftBins == other.DriftBins;

    /// <summary>Adds another histogram of the same binning.</summary>
    public void Merge(LifetimeHistogram other)
    {
        var a = Counts;
        var b = other.Counts;
        for (var i = 0; i < a.Length; i++)
        {
            a[i] += b[i];
        }
    }

    /// <summary>Empties the histogram.</summary>
    public void Clear() => Array.Clear(Counts);

    /// <summary>Writes the non-empty cells as (gap, count) varints.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write7BitEncodedInt(Counts.Length);
        var nonEmpty = Counts.Count(c => c != 0);
        w.Write7BitEncodedInt(nonEmpty);
        var last = -1;
        for (var i = 0; i < Counts.Length; i++)
        {
            if (Counts[i] != 0)
            {
                w.Write7BitEncodedInt(i - last);
                w.Write7BitEncodedInt(Counts[i]);
                last = i;
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader r)
    {
        if (r.Read7BitEncodedInt() != Counts.Length)
        {
            throw new InvalidDataException("lifetime histogram has a different binning");
        }

        Array.Clear(Counts);
        var n = r.Read7BitEncodedInt();
        var i = -1;
        for (var k = 0; k < n; k++)
        {
            i += r.Read7BitEncodedInt();
            if ((uint)i >= (uint)Counts.Length)
            {
                throw new InvalidDataException("lifetime histogram cell out of range");
            }

            Counts[i] = r.Read7BitEncodedInt();
        }
    }

    /// <summary>Exact equality of counts.</summary>
    public bool SameState(LifetimeHistogram other) => Counts.AsSpan().SequenceEqual(other.Counts);
}

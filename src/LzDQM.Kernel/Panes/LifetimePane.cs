using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using LzDQM.Kernel.Columns;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// Drift time × ln S2 histograms of the two lifetime populations (single scatter, Kr-83m) over
/// the fiducial drift range. Exact, mergeable.
/// </summary>
public sealed class LifetimePane : IPane<LifetimePane>
{
    /// <summary>Creates an empty pane with the binning of <paramref name="options"/>.</summary>
    public LifetimePane(KernelOptions options)
    {
        var (min, max) = options.LifetimeDriftUs;
        var driftBins = (int)Math.Ceiling((max - min) / options.LifetimeDriftBinUs);
        var ss = options.SingleScatterLnS2Bin;
        SingleScatter = new LifetimeHistogram(min, options.LifetimeDriftBinUs, driftBins, options.SingleScatterLnS2Range.Min, ss,
            (int)Math.Ceiling((options.SingleScatterLnS2Range.Max - options.SingleScatterLnS2Range.Min) / ss));
        var bin = options.LnS2BinWidth;
        var (krLo, krHi) = KrLnRange(options);
        Kr83m = new LifetimeHistogram(min, options.LifetimeDriftBinUs, driftBins, krLo, bin, (int)Math.Ceiling((krHi - krLo) / bin));
    }

    /// <summary>Single-scatter population.</summary>
    public LifetimeHistogram SingleScatter { get; }

    /// <summary>Kr-83m population.</summary>
    public LifetimeHistogram Kr83m { get; }

    /// <summary>
    /// Adds single scatters of this pane (drift time, S1 and S2 area; entries with S2 ≤ 0 are
    /// skipped): both populations share the drift axis, the ln S2 axis is a lookup on the area
    /// (no logarithm), Kr-83m only inside <paramref name="kr"/>. Hot path; the pane's writer only.
    /// </summary>
    public void AddSingleScatters(ReadOnlySpan<double> driftUs, ReadOnlySpan<float> s1Phd, ReadOnlySpan<float> s2Phd, PopulationCuts? kr)
    {
        var ss = SingleScatter;
        var krHist = Kr83m;
        var cuts = kr ?? default;
        var hasKr = kr is not null;
        if (ss.LnAxis.Lookup is { } ssAxis && krHist.LnAxis.Lookup is { } krAxis && ss.SameDriftAxis(krHist))
        {
            AddSingleScattersHoisted(driftUs, s1Phd, s2Phd, hasKr, cuts, ssAxis, krAxis);
            return;
        }

        s1Phd = s1Phd[..driftUs.Length];
        s2Phd = s2Phd[..driftUs.Length];
        for (var i = 0; i < driftUs.Length; i++)
        {
            var s2 = s2Phd[i];
            if (!(s2 > 0))
            {
                continue;
            }

            // (A branch-free variant adding 0 to cell 0 for rejected events measured no faster.)
            var d = ss.DriftBin(driftUs[i]);
            if (d < 0)
            {
                continue;
            }

            ss.AddArea(d, s2);
            if (hasKr && cuts.Contains(s1Phd[i], s2))
            {
                krHist.AddArea(d, s2);
            }
        }
    }

    // The fast fill: both populations' ln S2 bins eight at a time (table lookups, no logarithm),
    // then their cells eight at a time (LifetimeCells), then nothing but increments. Same cells,
    // same counts as the per-entry loop above (property-tested); the order of increments differs,
    // which integer counts do not see.
    private void AddSingleScattersHoisted(ReadOnlySpan<double> driftUs, ReadOnlySpan<float> s1Phd, ReadOnlySpan<float> s2Phd, bool hasKr, PopulationCuts cuts, LnAreaLookup ssAxis, LnAreaLookup krAxis)
    {
        var ss = SingleScatter;
        var krHist = Kr83m;
        var n = driftUs.Length;
        s1Phd = s1Phd[..n];
        s2Phd = s2Phd[..n];
        var ssScratch = _ssBins ?? [];
        var krScratch = _krBins ?? [];
        ColumnBuffer.Ensure(ref ssScratch, n);
        ColumnBuffer.Ensure(ref krScratch, n);
        _ssBins = ssScratch;
        _krBins = krScratch;
        var ssCells = ssScratch.AsSpan(0, n);
        var krCells = krScratch.AsSpan(0, n);
        ssAxis.BinAll(s2Phd, ssCells);
        if (hasKr)
        {
            krAxis.BinAll(s2Phd, krCells);
        }

        var axis = new LifetimeDriftAxis(ss.DriftMinUs, 1 / ss.DriftBinUs, ss.DriftBins, ss.LnBins, krHist.LnBins);
        var (ssKept, krKept) = LifetimeCells.Compute(driftUs, s1Phd, s2Phd, axis, hasKr, cuts, ssCells, krCells);
        Fill(ss.Counts, ssCells[..ssKept]);
        Fill(krHist.Counts, krCells[..krKept]);
    }

    // Adds one to every cell given. Cells come from LifetimeCells: drift bin < DriftBins and ln bin
    // < LnBins, so every index lies inside counts (DriftBins × LnBins). Only cells that count are
    // given, so there is no branch here.
    private static void Fill(int[] counts, ReadOnlySpan<int> cells)
    {
        ref var c = ref MemoryMarshal.GetArrayDataReference(counts);
        foreach (var cell in cells)
        {
            Unsafe.Add(ref c, cell)++;
        }
    }

    // Scratch for the ln S2 bins of one run of single scatters, per thread (a pane has one writer,
    // but a plain static would be shared by two runs' writers). Grows, never shrinks.
    [ThreadStatic]
    private static int[]? _ssBins;

    [ThreadStatic]
    private static int[]? _krBins;

    /// <inheritdoc/>
    public void Clear()
    {
        SingleScatter.Clear();
        Kr83m.Clear();
    }

    /// <inheritdoc/>
    public void Merge(LifetimePane other)
    {
        SingleScatter.Merge(other.SingleScatter);
        Kr83m.Merge(other.Kr83m);
    }

    /// <inheritdoc/>
    public void Write(BinaryWriter writer)
    {
        SingleScatter.Write(writer);
        Kr83m.Write(writer);
    }

    /// <inheritdoc/>
    public void Read(BinaryReader reader)
    {
        SingleScatter.Read(reader);
        Kr83m.Read(reader);
    }

    /// <inheritdoc/>
    public bool SameState(LifetimePane other) => SingleScatter.SameState(other.SingleScatter) && Kr83m.SameState(other.Kr83m);

    // The ln S2 span covering every run mode's Kr-83m S2 cuts.
    private static (double Lo, double Hi) KrLnRange(KernelOptions options)
    {
        if (options.Kr83mCuts.Count == 0)
        {
            return (0, options.LnS2BinWidth);
        }

        var lo = options.Kr83mCuts.Values.Min(c => Math.Log(Math.Max(1e-3, c.S2MinPhd)));
        var hi = options.Kr83mCuts.Values.Max(c => Math.Log(Math.Max(1e-3, c.S2MaxPhd)));
        return (Math.Floor(lo / options.LnS2BinWidth) * options.LnS2BinWidth, hi + options.LnS2BinWidth);
    }
}

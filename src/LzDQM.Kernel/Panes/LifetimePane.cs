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

    // AddSingleScatters with every field and array in locals (the JIT otherwise reloads the
    // binnings' fields after each histogram store) and no bounds checks where the index is proven
    // in range: same cells, same order, same counts.
    private void AddSingleScattersHoisted(ReadOnlySpan<double> driftUs, ReadOnlySpan<float> s1Phd, ReadOnlySpan<float> s2Phd, bool hasKr, PopulationCuts cuts, LnAreaLookup ssAxis, LnAreaLookup krAxis)
    {
        var ss = SingleScatter;
        var krHist = Kr83m;
        ref var ssCounts = ref MemoryMarshal.GetArrayDataReference(ss.Counts);
        ref var krCounts = ref MemoryMarshal.GetArrayDataReference(krHist.Counts);
        var ssRow = ss.LnBins;
        var krRow = krHist.LnBins;
        var driftMin = ss.DriftMinUs;
        var perUs = 1 / ss.DriftBinUs;
        var driftBins = (uint)ss.DriftBins;
        var (s1Min, s1Max, s2Min, s2Max) = cuts;
        s1Phd = s1Phd[..driftUs.Length];
        s2Phd = s2Phd[..driftUs.Length];

        // Both populations' ln S2 bins first, eight at a time; the loop below only increments.
        var n = driftUs.Length;
        var ssScratch = _ssBins ?? [];
        var krScratch = _krBins ?? [];
        ColumnBuffer.Ensure(ref ssScratch, n);
        ColumnBuffer.Ensure(ref krScratch, n);
        _ssBins = ssScratch;
        _krBins = krScratch;
        var ssBins = ssScratch.AsSpan(0, n);
        var krBins = krScratch.AsSpan(0, n);
        ssAxis.BinAll(s2Phd, ssBins);
        if (hasKr)
        {
            krAxis.BinAll(s2Phd, krBins);
        }

        for (var i = 0; i < n; i++)
        {
            var s2 = s2Phd[i];
            if (!(s2 > 0))
            {
                continue;
            }

            // LifetimeHistogram.DriftBin without the saturating conversion: x in [0, bins) gives
            // its floor, anything else no bin, except NaN, which (int) turns into bin 0.
            var x = (driftUs[i] - driftMin) * perUs;
            var d = (x >= 0) & (x < driftBins) ? InRangeTruncation.ToInt32(Math.Floor(x)) : double.IsNaN(x) ? 0 : -1;
            if ((uint)d >= driftBins)
            {
                continue;
            }

            // d < DriftBins and y < LnBins: the cell lies inside Counts (DriftBins × LnBins).
            var y = ssBins[i];
            if (y >= 0)
            {
                Unsafe.Add(ref ssCounts, (d * ssRow) + y)++;
            }

            var s1 = s1Phd[i];
            if (hasKr && (s1 >= s1Min) & (s1 <= s1Max) & (s2 >= s2Min) & (s2 <= s2Max))
            {
                var k = krBins[i];
                if (k >= 0)
                {
                    Unsafe.Add(ref krCounts, (d * krRow) + k)++;
                }
            }
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

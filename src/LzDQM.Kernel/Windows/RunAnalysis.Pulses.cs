using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// Folding pulse chunks (the hot path). A selection pass (a class-byte shortcut for events with at
/// most one S1 and one S2, branch-free SIMD for the other events of up to eight pulses) gathers
/// the chunk's single scatters into columns, drift times follow eight at a time; then each pane family takes
/// its share in runs of consecutive entries that share a pane (nearly always the whole chunk), so
/// the inner loops work on a few local arrays. A pane is looked up only from an entry that adds
/// to it, as the per-event reference does, so even the set of open panes is the same.
/// </summary>
public sealed partial class RunAnalysis
{
    /// <summary>
    /// Folds a pulse chunk in: pulse counts, single-scatter selection and the physics panes, the
    /// lifetime histograms binning S2 without a logarithm. Integer pane state, so the result is
    /// <see cref="AddPulsesReference"/>'s bit for bit (property-tested). Zero allocations in
    /// steady state. Writer thread only.
    /// </summary>
    public void AddPulses(PulseColumns c)
    {
        var n = c.EventCount;
        if (n == 0)
        {
            return;
        }

        var times = c.TriggerTimeNs;
        EnsureWindows(times[0]);

        // A replay's chunks come from memory: start loading every column the passes read, all at once.
        CachePrefetch.Column(c.TimeArray, n);
        CachePrefetch.Column(c.CountArray, n);
        CachePrefetch.Column(c.ClassArray, c.PulseTotal);
        CachePrefetch.Column(c.AreaArray, Math.Min(c.PulseTotal, PrefetchAheadPulses));
        CachePrefetch.Column(c.StartArray, Math.Min(c.PulseTotal, PrefetchAheadPulses));
        CachePrefetch.Column(c.WidthArray, Math.Min(c.PulseTotal, PrefetchAheadPulses));
        CountPulseClasses(c);
        var singles = _singles;
        SelectSingleScatters(c, singles);
        AddDriftSpectra(singles);
        AddWidths(singles);
        AddLifetimes(singles);
        SingleScatterCount += singles.Count;
        PulseEventCount += n;
        PulseCount += c.PulseTotal;
        _firstEventNs = Math.Min(_firstEventNs, times[0]);
        _pulseWatermark = Math.Max(_pulseWatermark, times[n - 1]);
    }

    // How far ahead of the selection the float columns are prefetched (pulses: 512 B of a column;
    // 96–256 measured alike, 512 worse: the lines prefetched at entry delay the first ones needed).
    private const int PrefetchAheadPulses = 128;

    // End (exclusive) of the run of entries from i whose times lie in the pane of times[i].
    private static int PaneRunEnd(ReadOnlySpan<long> times, int i, long step, out long pane)
    {
        pane = EventTime.FloorDiv(times[i], step);
        var lo = pane * step;
        var hi = lo + step;
        var j = i + 1;

        // Four times per step while all lie in the pane (the whole chunk, nearly always); the
        // scalar loop finds the exact end, so the answer is the plain scan's.
        var low = Vector256.Create(lo);
        var high = Vector256.Create(hi);
        while (j + Vector256<long>.Count <= times.Length)
        {
            var v = Vector256.Create(times.Slice(j, Vector256<long>.Count));
            if (!Vector256.GreaterThanOrEqualAll(v, low) || !Vector256.LessThanAll(v, high))
            {
                break;
            }

            j += Vector256<long>.Count;
        }

        while (j < times.Length && times[j] >= lo && times[j] < hi)
        {
            j++;
        }

        return j;
    }

    private void CountPulseClasses(PulseColumns c)
    {
        var times = c.TriggerTimeNs;
        var counts = c.PulseCount;
        var classes = c.Class;
        var step = Rates.Spec.StepNs;
        var off = 0;
        for (var e = 0; e < times.Length;)
        {
            var end = PaneRunEnd(times, e, step, out var p);
            var pulses = 0;
            if (e == 0 && end == times.Length)
            {
                pulses = c.PulseTotal;
            }
            else
            {
                for (var i = e; i < end; i++)
                {
                    pulses += (int)counts[i];
                }
            }

            if (Rates.Get(p) is { } pane)
            {
                PulseClassCounter.Count(classes.Slice(off, pulses), pane.Pulses);
                pane.PulseEvents += end - e;
            }
            else
            {
                LateEvents += end - e;
            }

            off += pulses;
            e = end;
        }
    }

    private void SelectSingleScatters(PulseColumns c, SingleScatters into)
    {
        var n = c.EventCount;
        into.Reset(n);

        // Slices of the event count: e < n proves every times/counts index below.
        ref var timeRef = ref MemoryMarshal.GetReference(c.TriggerTimeNs[..n]);
        ref var countRef = ref MemoryMarshal.GetReference(c.PulseCount[..n]);

        // Whole arrays: the SIMD selection reads eight lanes from an event's first pulse and masks
        // off what lies past its end, so it needs eight readable elements there (in every column:
        // the indices it returns for a non-single event may point anywhere in those eight).
        var shortLimit = SingleScatterSelection.ShortPathSupported
            ? Math.Min(Math.Min(c.ClassArray.Length, c.WidthArray.Length), Math.Min(c.AreaArray.Length, c.StartArray.Length)) - SingleScatterSelection.ShortLanes
            : -1;
        var s1Threshold = _options.S1ThresholdPhd;
        var dominance = _options.S2DominanceRatio;

        // References instead of spans below: every index is proven in range where it is made
        // (outputs: m ≤ e < n ≤ their capacity after Reset; columns: see the comments).
        ref var clsRef = ref MemoryMarshal.GetArrayDataReference(c.ClassArray);
        ref var areaRef = ref MemoryMarshal.GetArrayDataReference(c.AreaArray);
        ref var startRef = ref MemoryMarshal.GetArrayDataReference(c.StartArray);
        ref var widthRef = ref MemoryMarshal.GetArrayDataReference(c.WidthArray);
        ref var outTime = ref MemoryMarshal.GetArrayDataReference(into.TimeArray);
        ref var outS1Start = ref MemoryMarshal.GetArrayDataReference(into.S1StartArray);
        ref var outS2Start = ref MemoryMarshal.GetArrayDataReference(into.S2StartArray);
        ref var outS1 = ref MemoryMarshal.GetArrayDataReference(into.S1Array);
        ref var outS2 = ref MemoryMarshal.GetArrayDataReference(into.S2Array);
        ref var outWidth = ref MemoryMarshal.GetArrayDataReference(into.WidthArray);
        var m = 0;
        var off = 0;
        for (var e = 0; e < n; e++)
        {
            // The float columns stream in a fixed distance ahead of the selection, overlapping
            // memory with the work (the fold entry prefetched only the first lines).
            CachePrefetch.Line(ref Unsafe.Add(ref areaRef, off + PrefetchAheadPulses));
            CachePrefetch.Line(ref Unsafe.Add(ref startRef, off + PrefetchAheadPulses));
            CachePrefetch.Line(ref Unsafe.Add(ref widthRef, off + PrefetchAheadPulses));
            var k = (int)Unsafe.Add(ref countRef, e);
            if (k >= 2)
            {
                int s1, s2;
                bool single;
                ScatterPulses pulses;
                if (k <= SingleScatterSelection.ShortLanes && off <= shortLimit)
                {
                    // off ≤ shortLimit: eight elements readable from off in every column.
                    single = SingleScatterSelection.IsSingleScatterEightAt(ref Unsafe.Add(ref clsRef, off), ref Unsafe.Add(ref areaRef, off), ref Unsafe.Add(ref startRef, off), k, s1Threshold, dominance, out s1, out s2, out pulses);
                    s1 += off;
                    s2 += off;
                }
                else
                {
                    // Own locals for the call's outputs: s1 and s2 then stay in registers.
                    single = SelectLongEvent(c, off, k, s1Threshold, dominance, out var longS1, out var longS2);
                    s1 = longS1 + off;
                    s2 = longS2 + off;
                    pulses = new ScatterPulses(Unsafe.Add(ref areaRef, s1), Unsafe.Add(ref areaRef, s2), Unsafe.Add(ref startRef, s1), Unsafe.Add(ref startRef, s2));
                }

                // Written whether or not it is a single scatter, kept only if it is: no branch on the
                // selection's answer (about one event in seven is not a single scatter). s2 is in
                // 0…7 past off with eight readable elements (short path) or inside the checked event.
                Unsafe.Add(ref outTime, m) = Unsafe.Add(ref timeRef, e);
                Unsafe.Add(ref outS1Start, m) = pulses.S1Start;
                Unsafe.Add(ref outS2Start, m) = pulses.S2Start;
                Unsafe.Add(ref outS1, m) = pulses.S1Area;
                Unsafe.Add(ref outS2, m) = pulses.S2Area;
                Unsafe.Add(ref outWidth, m) = Unsafe.Add(ref widthRef, s2);
                m += single ? 1 : 0;
            }

            off += k;
        }

        into.Count = m;
        into.ComputeDrifts();
    }

    // The scalar selection of an event too long for the SIMD path (or near the columns' end), kept
    // out of line so its registers do not crowd the hot loop; indices 0 when not a single scatter.
    // The slices check that the event lies inside every column.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SelectLongEvent(PulseColumns c, int off, int k, float s1Threshold, float dominance, out int s1, out int s2)
    {
        _ = c.WidthArray.AsSpan(off, k);
        var single = SingleScatterSelection.IsSingleScatter(c.ClassArray.AsSpan(off, k), c.AreaArray.AsSpan(off, k), c.StartArray.AsSpan(off, k), s1Threshold, dominance, out s1, out s2);
        s1 = single ? s1 : 0;
        s2 = single ? s2 : 0;
        return single;
    }

    private void AddDriftSpectra(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var bins = singles.DriftBin;
        for (var i = 0; NextBinnedRun(times, bins, ref i, Drift.Spec.StepNs, out var p, out var start);)
        {
            if (Drift.Get(p) is { } pane)
            {
                var spectrum = pane.Spectrum;
                foreach (var b in bins[start..i])
                {
                    if (b >= 0)
                    {
                        spectrum[b]++;
                    }
                }
            }
        }
    }

    private void AddWidths(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var bins = singles.DriftBin;
        for (var i = 0; NextBinnedRun(times, bins, ref i, Width.Spec.StepNs, out var p, out var start);)
        {
            Width.Get(p)?.AddSingleScatters(bins[start..i], singles.DriftUs[start..i], singles.S2WidthUs[start..i], _widthMinUs, _widthMaxUs, _widthBinsPerUs, _widthBins);
        }
    }

    // The next run of entries sharing a pane that starts with an entry in the drift spectrum (bin
    // ≥ 0), so a pane is only looked up (and opened) for an entry that adds to it: [start, i) on
    // return, with i moved past it. False when no such entry is left.
    private static bool NextBinnedRun(ReadOnlySpan<long> times, ReadOnlySpan<int> bins, ref int i, long step, out long pane, out int start)
    {
        while (i < times.Length && bins[i] < 0)
        {
            i++;
        }

        start = i;
        pane = 0;
        if (i == times.Length)
        {
            return false;
        }

        i = PaneRunEnd(times, start, step, out pane);
        return true;
    }

    private void AddLifetimes(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var s2s = singles.S2Phd;
        var kr = Kr83mCuts;
        for (var i = 0; i < times.Length;)
        {
            if (!(s2s[i] > 0))
            {
                i++;
                continue;
            }

            var end = PaneRunEnd(times, i, Lifetime.Spec.StepNs, out var p);
            Lifetime.Get(p)?.AddSingleScatters(singles.DriftUs[i..end], singles.S1Phd[i..end], s2s[i..end], kr);
            i = end;
        }
    }
}

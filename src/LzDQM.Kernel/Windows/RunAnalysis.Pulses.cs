using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// Folding pulse chunks (the hot path). A selection pass (branch-free SIMD for events of up to
/// eight pulses) gathers the chunk's single scatters into columns; then each pane family takes
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
        CachePrefetch.Column(c.AreaArray, c.PulseTotal);
        CachePrefetch.Column(c.StartArray, c.PulseTotal);
        CachePrefetch.Column(c.WidthArray, c.PulseTotal);
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

    // End (exclusive) of the run of entries from i whose times lie in the pane of times[i].
    private static int PaneRunEnd(ReadOnlySpan<long> times, int i, long step, out long pane)
    {
        pane = EventTime.FloorDiv(times[i], step);
        var lo = pane * step;
        var hi = lo + step;
        var j = i + 1;
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
        var times = c.TriggerTimeNs;
        var counts = c.PulseCount;

        // Whole arrays: the SIMD selection reads eight lanes from an event's first pulse and masks
        // off what lies past its end, so it needs eight readable elements there (in every column:
        // the indices it returns for a non-single event may point anywhere in those eight).
        var cls = c.ClassArray.AsSpan();
        var area = c.AreaArray.AsSpan();
        var start = c.StartArray.AsSpan();
        var width = c.WidthArray.AsSpan();
        var shortLimit = SingleScatterSelection.ShortPathSupported
            ? Math.Min(Math.Min(cls.Length, width.Length), Math.Min(area.Length, start.Length)) - SingleScatterSelection.ShortLanes
            : -1;
        var s1Threshold = _options.S1ThresholdPhd;
        var dominance = _options.S2DominanceRatio;
        var outTime = into.TimeArray.AsSpan(0, n);
        var outDrift = into.DriftArray.AsSpan(0, n);
        var outBin = into.BinArray.AsSpan(0, n);
        var outS1 = into.S1Array.AsSpan(0, n);
        var outS2 = into.S2Array.AsSpan(0, n);
        var outWidth = into.WidthArray.AsSpan(0, n);
        var m = 0;
        var off = 0;
        for (var e = 0; e < n; e++)
        {
            var k = (int)counts[e];
            if (k >= 2)
            {
                int s1, s2;
                bool single;
                if (k <= SingleScatterSelection.ShortLanes && off <= shortLimit)
                {
                    single = SingleScatterSelection.IsSingleScatterShort(cls[off..], area[off..], start[off..], k, s1Threshold, dominance, out s1, out s2);
                }
                else
                {
                    // Own locals for the call's out arguments: s1 and s2 stay in registers.
                    single = SingleScatterSelection.IsSingleScatter(cls.Slice(off, k), area.Slice(off, k), start.Slice(off, k), s1Threshold, dominance, out var longS1, out var longS2);
                    s1 = single ? longS1 : 0;
                    s2 = single ? longS2 : 0;
                }

                // Written whether or not it is a single scatter, kept only if it is: no branch on the
                // selection's answer (about one event in seven is not a single scatter).
                s1 += off;
                s2 += off;
                var driftUs = (double)start[s2] - start[s1];
                outTime[m] = times[e];
                outDrift[m] = driftUs;
                outBin[m] = DriftHistogram.Bin(driftUs);
                outS1[m] = area[s1];
                outS2[m] = area[s2];
                outWidth[m] = width[s2];
                m += single ? 1 : 0;
            }

            off += k;
        }

        into.Count = m;
    }

    private void AddDriftSpectra(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var bins = singles.DriftBin;
        for (var i = 0; i < times.Length;)
        {
            if (bins[i] < 0)
            {
                i++;
                continue;
            }

            var end = PaneRunEnd(times, i, Drift.Spec.StepNs, out var p);
            if (Drift.Get(p) is { } pane)
            {
                var spectrum = pane.Spectrum;
                foreach (var b in bins[i..end])
                {
                    if (b >= 0)
                    {
                        spectrum[b]++;
                    }
                }
            }

            i = end;
        }
    }

    private void AddWidths(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var bins = singles.DriftBin;
        for (var i = 0; i < times.Length;)
        {
            if (bins[i] < 0)
            {
                i++;
                continue;
            }

            var end = PaneRunEnd(times, i, Width.Spec.StepNs, out var p);
            if (Width.Get(p) is { } pane)
            {
                AddWidths(pane, bins[i..end], singles.DriftUs[i..end], singles.S2WidthUs[i..end]);
            }

            i = end;
        }
    }

    private void AddWidths(WidthPane pane, ReadOnlySpan<int> bins, ReadOnlySpan<double> drifts, ReadOnlySpan<float> widths)
    {
        // Arrays as refs in locals: bins come from DriftHistogram.Bin (−1 or < DriftHistogram.Bins,
        // the drift spectrum's length), width bins from WidthHistogram.Bin (0 … Bins − 1), moment
        // bins are clamped to last (< the moments' length), so every access below is in bounds.
        ref var driftSpectrum = ref MemoryMarshal.GetArrayDataReference(pane.Drift);
        ref var widthSpectrum = ref MemoryMarshal.GetArrayDataReference(pane.Widths);
        ref var moments = ref MemoryMarshal.GetArrayDataReference(pane.SigmaSquared);
        var lo = _widthMinUs;
        var hi = _widthMaxUs;
        var perUs = _widthBinsPerUs;
        var last = Math.Min(_widthBins, pane.SigmaSquared.Length) - 1;
        drifts = drifts[..bins.Length];
        widths = widths[..bins.Length];
        for (var i = 0; i < bins.Length; i++)
        {
            var bin = bins[i];
            if (bin < 0)
            {
                continue;
            }

            var driftUs = drifts[i];
            double w = widths[i];
            Unsafe.Add(ref driftSpectrum, bin)++;
            Unsafe.Add(ref widthSpectrum, WidthHistogram.Bin(w))++;
            if (driftUs >= lo && driftUs < hi)
            {
                var b = Math.Min(last, (int)((driftUs - lo) * perUs));
                Unsafe.Add(ref moments, b).Add(Moments.QuantizeX(driftUs), Moments.QuantizeY(w * w));
            }
        }
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

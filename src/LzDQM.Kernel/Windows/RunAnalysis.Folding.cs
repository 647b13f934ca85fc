using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>Folding chunks into the panes (the hot path).</summary>
public sealed partial class RunAnalysis
{
    /// <summary>Folds a trigger chunk in. Zero allocations in steady state.</summary>
    public void AddTriggers(TriggerColumns c)
    {
        var n = c.Count;
        if (n == 0)
        {
            return;
        }

        var times = c.TriggerTimeNs;
        EnsureWindows(times[0]);
        if (!AddTriggersToOnePane(c))
        {
            AddTriggersPerEvent(c);
        }

        TriggerCount += n;
        _firstEventNs = Math.Min(_firstEventNs, times[0]);
        _triggerWatermark = Math.Max(_triggerWatermark, times[n - 1]);
    }

    // Nearly every chunk (≤ 1 s) lies in one rate pane (10 s) with all its dead time inside it:
    // one pass sums the dead time and checks that, and the type column is counted with SIMD.
    // Integer sums, so the pane state is the per-event path's exactly. False: nothing was added.
    private bool AddTriggersToOnePane(TriggerColumns c)
    {
        var times = c.TriggerTimeNs;
        var dead = c.DeadtimeNs;
        var step = Rates.Spec.StepNs;
        var p = EventTime.FloorDiv(times[0], step);
        var lo = p * step;
        var hi = lo + step;
        long deadNs = 0;
        var outside = false;
        for (var i = 0; i < times.Length; i++)
        {
            var t = times[i];
            long d = dead[i];
            deadNs += d;
            outside |= (t < lo) | (t >= hi) | (t - d < lo);
        }

        if (outside || Rates.Get(p) is not { } pane)
        {
            return false;
        }

        PulseClassCounter.Count(c.Type, pane.Triggers);
        pane.DeadNs += deadNs;
        return true;
    }

    private void AddTriggersPerEvent(TriggerColumns c)
    {
        var times = c.TriggerTimeNs;
        var types = c.Type;
        var dead = c.DeadtimeNs;
        var cursor = new PaneCursor<RatePane>(Rates);
        for (var i = 0; i < times.Length; i++)
        {
            var t = times[i];
            var pane = cursor.For(t);
            if (pane is null)
            {
                LateEvents++;
                continue;
            }

            pane.Triggers[types[i]]++;
            var d = dead[i];
            if (d == 0)
            {
                continue;
            }

            // Dead time happened before this trigger: spread [t - d, t) over the panes it covers.
            var lo = t - d;
            if (lo >= cursor.PaneStart)
            {
                pane.DeadNs += d;
                continue;
            }

            SpreadDeadTime(lo, t);
        }
    }

    /// <summary>
    /// Folds a pulse chunk in: pulse counts, single-scatter selection and the physics panes.
    /// A selection pass (branch-free SIMD for events of up to eight pulses) gathers the chunk's
    /// single scatters into columns; short passes over them fill the drift, width and lifetime
    /// panes, the lifetime histograms binning S2 without a logarithm. Integer pane state, so the
    /// result is <see cref="AddPulsesReference"/>'s bit for bit (property-tested). Zero
    /// allocations in steady state.
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
        CountPulses(c);
        SelectSingleScatters(c, _singles);
        var singles = _singles;
        AddDriftAndWidth(singles);
        AddLifetimes(singles);
        SingleScatterCount += singles.Count;
        PulseEventCount += n;
        PulseCount += c.PulseTotal;
        _firstEventNs = Math.Min(_firstEventNs, times[0]);
        _pulseWatermark = Math.Max(_pulseWatermark, times[n - 1]);
    }

    private void SelectSingleScatters(PulseColumns c, SingleScatters into)
    {
        var n = c.EventCount;
        into.Reset(n);
        var times = c.TriggerTimeNs;
        var counts = c.PulseCount;

        // Whole arrays: the SIMD selection reads eight lanes from an event's first pulse and masks
        // off what lies past its end, so it needs eight readable elements there.
        var cls = c.ClassArray.AsSpan();
        var area = c.AreaArray.AsSpan();
        var start = c.StartArray.AsSpan();
        var width = c.WidthArray.AsSpan();
        var shortLimit = SingleScatterSelection.ShortPathSupported
            ? Math.Min(cls.Length, Math.Min(area.Length, start.Length)) - SingleScatterSelection.ShortLanes
            : -1;
        var s1Threshold = _options.S1ThresholdPhd;
        var dominance = _options.S2DominanceRatio;
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
                    single = SingleScatterSelection.IsSingleScatter(cls.Slice(off, k), area.Slice(off, k), start.Slice(off, k), s1Threshold, dominance, out s1, out s2);
                }

                if (single)
                {
                    s1 += off;
                    s2 += off;
                    into.Add(times[e], (double)start[s2] - start[s1], area[s1], area[s2], width[s2]);
                }
            }

            off += k;
        }
    }

    // A pane is looked up only for an event that adds to it (as the reference does), so the set of
    // open panes is the same too.
    private void AddDriftAndWidth(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var drifts = singles.DriftUs;
        var widths = singles.S2WidthUs;
        var drift = new PaneCursor<DriftPane>(Drift);
        var widthCursor = new PaneCursor<WidthPane>(Width);
        for (var i = 0; i < times.Length; i++)
        {
            var driftUs = drifts[i];
            var bin = DriftHistogram.Bin(driftUs);
            if (bin < 0)
            {
                continue;
            }

            var t = times[i];
            if (drift.For(t) is { } dp)
            {
                dp.Spectrum[bin]++;
            }

            if (widthCursor.For(t) is { } wp)
            {
                AddWidth(wp, bin, driftUs, widths[i]);
            }
        }
    }

    // Both populations share the drift axis; the ln S2 axis is a lookup on the area (no Math.Log).
    private void AddLifetimes(SingleScatters singles)
    {
        var times = singles.TimeNs;
        var drifts = singles.DriftUs;
        var s1s = singles.S1Phd;
        var s2s = singles.S2Phd;
        var lifetime = new PaneCursor<LifetimePane>(Lifetime);
        var kr = Kr83mCuts;
        for (var i = 0; i < times.Length; i++)
        {
            var s2 = s2s[i];
            if (!(s2 > 0) || lifetime.For(times[i]) is not { } lp)
            {
                continue;
            }

            var d = lp.SingleScatter.DriftBin(drifts[i]);
            if (d < 0)
            {
                continue;
            }

            lp.SingleScatter.AddArea(d, s2);
            if (kr is { } cuts && cuts.Contains(s1s[i], s2))
            {
                lp.Kr83m.AddArea(d, s2);
            }
        }
    }

    private void CountPulses(PulseColumns c)
    {
        var times = c.TriggerTimeNs;
        var n = c.EventCount;
        var step = Rates.Spec.StepNs;
        if (EventTime.FloorDiv(times[0], step) == EventTime.FloorDiv(times[n - 1], step))
        {
            // The whole chunk is in one pane: one SIMD pass over the class column.
            var pane = Rates.Get(EventTime.FloorDiv(times[0], step));
            if (pane is null)
            {
                LateEvents += n;
                return;
            }

            PulseClassCounter.Count(c.Class, pane.Pulses);
            pane.PulseEvents += n;
            return;
        }

        var cursor = new PaneCursor<RatePane>(Rates);
        var counts = c.PulseCount;
        var off = 0;
        for (var e = 0; e < n; e++)
        {
            var k = (int)counts[e];
            var p = cursor.For(times[e]);
            if (p is null)
            {
                LateEvents++;
            }
            else
            {
                PulseClassCounter.CountScalar(c.Class.Slice(off, k), p.Pulses);
                p.PulseEvents++;
            }

            off += k;
        }
    }

    private void SpreadDeadTime(long lo, long hi)
    {
        var step = Rates.Spec.StepNs;
        while (lo < hi)
        {
            var p = EventTime.FloorDiv(lo, step);
            var paneEnd = Math.Min(hi, (p + 1) * step);
            if (Rates.Get(p) is { } pane)
            {
                pane.DeadNs += paneEnd - lo;
            }

            lo = paneEnd;
        }
    }

    private void AddWidth(WidthPane wp, int driftBin, double driftUs, double w)
    {
        wp.Drift[driftBin]++;
        wp.Widths[WidthHistogram.Bin(w)]++;
        if (driftUs >= _widthMinUs && driftUs < _widthMaxUs)
        {
            var b = Math.Min(_widthBins - 1, (int)((driftUs - _widthMinUs) * _widthBinsPerUs));
            wp.SigmaSquared[b].Add(Moments.QuantizeX(driftUs), Moments.QuantizeY(w * w));
        }
    }
}

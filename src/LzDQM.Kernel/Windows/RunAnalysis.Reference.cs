using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// The plain per-event fold the optimised paths must match bit for bit: the scalar selection,
/// ln S2 from Math.Log, every trigger through the pane cursor. Tests compare states of both.
/// </summary>
public sealed partial class RunAnalysis
{
    /// <summary>Reference for <see cref="AddTriggers"/>: every trigger on its own. Writer thread only.</summary>
    public void AddTriggersReference(TriggerColumns c)
    {
        var n = c.Count;
        if (n == 0)
        {
            return;
        }

        var times = c.TriggerTimeNs;
        EnsureWindows(times[0]);
        AddTriggersPerEvent(c);
        TriggerCount += n;
        _firstEventNs = Math.Min(_firstEventNs, times[0]);
        _triggerWatermark = Math.Max(_triggerWatermark, times[n - 1]);
    }

    /// <summary>Reference for <see cref="AddPulses"/>: per-event slices, the scalar selection, Math.Log. Writer thread only.</summary>
    public void AddPulsesReference(PulseColumns c)
    {
        var n = c.EventCount;
        if (n == 0)
        {
            return;
        }

        var times = c.TriggerTimeNs;
        var counts = c.PulseCount;
        var cls = c.Class;
        EnsureWindows(times[0]);
        CountPulsesReference(c);
        var area = c.AreaPhd;
        var start = c.StartUs;
        var width = c.RmsWidthUs;
        var lifetime = new PaneCursor<LifetimePane>(Lifetime);
        var drift = new PaneCursor<DriftPane>(Drift);
        var widthCursor = new PaneCursor<WidthPane>(Width);
        var kr = Kr83mCuts;
        var s1Threshold = _options.S1ThresholdPhd;
        var dominance = _options.S2DominanceRatio;
        var off = 0;
        long singles = 0;
        for (var e = 0; e < n; e++)
        {
            var k = (int)counts[e];
            if (k >= 2)
            {
                var ec = cls.Slice(off, k);
                var ea = area.Slice(off, k);
                var es = start.Slice(off, k);
                if (SingleScatterSelection.IsSingleScatterReference(ec, ea, es, s1Threshold, dominance, out var s1, out var best))
                {
                    singles++;
                    var s2 = ea[best];
                    var t = times[e];
                    var driftUs = (double)es[best] - es[s1];
                    var bin = DriftHistogram.Bin(driftUs);
                    if (bin >= 0)
                    {
                        if (drift.For(t) is { } dp)
                        {
                            dp.Spectrum[bin]++;
                        }

                        if (widthCursor.For(t) is { } wp)
                        {
                            AddWidth(wp, bin, driftUs, width[off + best]);
                        }
                    }

                    if (s2 > 0 && lifetime.For(t) is { } lp)
                    {
                        AddLifetimeReference(lp, driftUs, ea[s1], s2, kr);
                    }
                }
            }

            off += k;
        }

        SingleScatterCount += singles;
        PulseEventCount += n;
        PulseCount += c.PulseTotal;
        _firstEventNs = Math.Min(_firstEventNs, times[0]);
        _pulseWatermark = Math.Max(_pulseWatermark, times[n - 1]);
    }

    private void CountPulsesReference(PulseColumns c)
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

    private static void AddLifetimeReference(LifetimePane lp, double driftUs, float s1, float s2, PopulationCuts? kr)
    {
        var ln = Math.Log(s2);
        lp.SingleScatter.Add(driftUs, ln);
        if (kr is { } cuts && cuts.Contains(s1, s2))
        {
            lp.Kr83m.Add(driftUs, ln);
        }
    }
}

using System.Runtime.Intrinsics;
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

        // Small columns of a chunk from memory: load them all at once rather than stream by stream.
        CachePrefetch.Column(c.TimeArray, n);
        CachePrefetch.Column(c.DeadArray, n);
        CachePrefetch.Column(c.TypeArray, n);
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
        var i = 0;
        if (Vector256.IsHardwareAccelerated && times.Length >= Vector256<long>.Count)
        {
            // Four triggers per step: the same integer sum and the same tests as the loop below.
            var low = Vector256.Create(lo);
            var high = Vector256.Create(hi);
            var sum = Vector256<long>.Zero;
            var flags = Vector256<long>.Zero;
            for (; i + Vector256<long>.Count <= times.Length; i += Vector256<long>.Count)
            {
                var t = Vector256.Create(times.Slice(i, Vector256<long>.Count));
                var d = Vector256.WidenLower(Vector128.Create(dead.Slice(i, Vector128<uint>.Count)).ToVector256Unsafe()).AsInt64();
                sum += d;
                flags |= Vector256.LessThan(t, low) | Vector256.GreaterThanOrEqual(t, high) | Vector256.LessThan(t - d, low);
            }

            deadNs = Vector256.Sum(sum);
            outside = flags != Vector256<long>.Zero;
        }

        for (; i < times.Length; i++)
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
}

using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Alarms.Evaluation;

/// <summary>The NoData rules: silence of a series measured on its run's event-time clock.</summary>
public sealed partial class AlarmEvaluator
{
    /// <summary>
    /// Moves every open run's event-time clock to <paramref name="nowNs"/> (where it is behind) and
    /// evaluates the NoData rules: a live host, whose windows close only when data arrives, calls this
    /// while the DAQ is silent so a stall pages during the stall, at the same event time a replay
    /// pages it. Call it only with a time no data can precede any more (wall clock minus the
    /// pipeline's lateness) and only while the consumers have no backlog, or a lagging pipeline looks
    /// silent. Replays never call it, so they stay deterministic. Other rules are not affected.
    /// </summary>
    public IReadOnlyList<AlarmTransition> AdvanceRunClocks(long nowNs)
    {
        _out.Clear();
        foreach (var (run, info) in Book.Runs)
        {
            if (info.NowNs == long.MinValue || nowNs <= info.NowNs)
            {
                continue; // a run without points yet has nothing to be silent about
            }

            info.NowNs = nowNs;
            foreach (var rule in _rules)
            {
                if (rule.Rule.Condition == AlarmCondition.NoData && rule.AppliesTo(info.Mode))
                {
                    EvaluateSilence(rule.Rule, run, nowNs);
                }
            }
        }

        return [.. _out];
    }

    private static void ObserveData(AlarmRule rule, AlarmTrack track, MetricPoint point)
    {
        var t = point.TimestampNs;
        if (point.Field(rule.Field) is { Kind: not MetricFieldKind.String } f && f.AsDouble() > 0)
        {
            track.SilenceSinceNs = null;
            track.LastDataNs = t;
        }
        else
        {
            // An empty window ending at t proves no data since its start.
            track.SilenceSinceNs ??= t - (long)(rule.DataWindowSeconds * 1e9);
        }
    }

    private void EvaluateSilence(AlarmRule rule, uint run, long now)
    {
        // A NoData alarm watches the series the filter names; it exists from the run's first point.
        var track = Book.TrackFor(rule.Name, run, string.Empty, now);
        if (track.State == AlarmState.Firing && track.SilenceSinceNs is null && track.LastDataNs < track.FiredAtNs)
        {
            return; // windows from before the page, closed late (live, clock advanced): no evidence of data now
        }

        var since = track.SilenceSinceNs ?? track.LastDataNs;
        var silence = Math.Max(0, (now - since) / 1e9);
        Step(rule, track, now, silence, rising: true, new Reading(silence, $"{Num(silence)} s without data", 0));
    }
}

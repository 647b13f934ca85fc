using System.Globalization;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// Evaluates alarm rules over metric points in event time (SPEC §4): a point's timestamp (its
/// window's end) is the only clock, so a replay raises the same alarms at the same event times as
/// live. Deterministic: the same points in the same order give the same transitions.
/// <para>Re-deliveries are harmless: a point whose timestamp is not newer than the last one
/// evaluated for its series (at-least-once delivery, checkpoint replays) changes nothing.</para>
/// <para>A run's end (<see cref="EndRun"/>) resolves its open alarms: alarms belong to a run, and a
/// shifter expects the alarm list to be about the runs being taken; a persisting problem raises a
/// new alarm in the next run. Points of an ended run are ignored afterwards.</para>
/// <para>Each rule has its own alarm (state machine, <c>dqm_alarm</c> points); rules sharing a
/// problem (<see cref="AlarmRule.ProblemKey"/>) notify once per problem and run: see
/// <see cref="AlarmTransition.Notice"/>.</para>
/// <para>Threading contract: not thread-safe; one thread (the alarm singleton) calls everything.
/// The whole state is <see cref="Book"/>, which serialises with <see cref="AlarmBook.ToBytes"/>.</para>
/// </summary>
public sealed partial class AlarmEvaluator
{
    private readonly CompiledRule[] _rules;
    private readonly List<AlarmTransition> _out = [];
    private readonly Dictionary<string, string> _problemOf;

    /// <summary>Creates an evaluator with fresh state, or continuing from <paramref name="book"/> (a handover).</summary>
    /// <exception cref="AlarmConfigException">A rule is invalid or two share a name.</exception>
    public AlarmEvaluator(IEnumerable<AlarmRule> rules, AlarmBook? book = null)
    {
        _rules = [.. rules.Select(r => new CompiledRule(r))];
        var dup = _rules.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new AlarmConfigException($"alarm rule '{dup.Key}': the name is used twice");
        }

        _problemOf = _rules.ToDictionary(r => r.Name, r => r.Rule.ProblemKey, StringComparer.Ordinal);
        Book = book ?? new AlarmBook();
    }

    /// <summary>The rules, in configuration order.</summary>
    public IReadOnlyList<AlarmRule> Rules => [.. _rules.Select(r => r.Rule)];

    /// <summary>The whole state: open alarms, per-series times, pending starts, run modes, the outbox.</summary>
    public AlarmBook Book { get; }

    /// <summary>Records a run's mode (from run control START); rules restricted to modes apply from then on.</summary>
    public void SetRunMode(uint run, RunMode mode)
    {
        if (!Book.EndedRuns.Contains(run))
        {
            Book.RunFor(run).Mode = mode;
        }
    }

    /// <summary>
    /// The run stopped at <paramref name="stopTimeNs"/>: resolves its firing alarms, cancels its pending
    /// ones (event time = the stop, or the alarm's last change if later), forgets the run, and ignores
    /// its points from now on. A second call for the same run returns nothing.
    /// </summary>
    public IReadOnlyList<AlarmTransition> EndRun(uint run, long stopTimeNs)
    {
        _out.Clear();
        if (!Book.EndedRuns.Add(run))
        {
            return [];
        }

        foreach (var track in Book.Tracks.Values.Where(t => t.Run == run).ToList())
        {
            var time = Math.Max(stopTimeNs, Math.Max(track.PendingSinceNs, track.SinceNs));
            var rule = _rules.FirstOrDefault(r => r.Name == track.Rule);
            var what = rule is null ? track.Rule : Describe(rule.Rule, track);
            if (track.State == AlarmState.Firing)
            {
                Emit(track, AlarmTransitionKind.Resolved, AlarmState.Ok, track.Severity, time, double.NaN, double.NaN, $"{what}: run {run} ended, alarm resolved");
            }
            else if (track.State == AlarmState.Pending)
            {
                Emit(track, AlarmTransitionKind.Cancelled, AlarmState.Ok, track.Severity, time, double.NaN, double.NaN, $"{what}: run {run} ended");
            }

            Book.Tracks.Remove(track.AlarmId);
        }

        foreach (var id in Book.Problems.Where(kv => kv.Value.Run == run).Select(kv => kv.Key).ToList())
        {
            Book.Problems.Remove(id); // resolved above; a stale record (a rule moved to another problem) goes too
        }

        Book.Outbox.ForgetRun(run);
        Book.Runs.Remove(run);
        Book.TrimEndedRuns();
        return [.. _out];
    }

    /// <summary>
    /// Evaluates one point; returns the transitions it causes (often none), in a deterministic order.
    /// Points without a <c>run</c> tag, of ended runs, or re-delivered (not newer than the series'
    /// last) change nothing.
    /// </summary>
    public IReadOnlyList<AlarmTransition> Observe(MetricPoint point)
    {
        _out.Clear();
        if (point.Measurement == "dqm_alarm" || point.Tag("run") is not { } runTag
            || !uint.TryParse(runTag, NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            || Book.EndedRuns.Contains(run))
        {
            return [];
        }

        List<AlarmTransition>? abandoned = null;
        if (!Book.Runs.ContainsKey(run) && Book.Runs.Count >= AlarmBook.OpenRunsKept)
        {
            // A run announced (START) but without points yet is the newest, not the stalest.
            var (stale, staleInfo) = Book.Runs.MinBy(kv => (kv.Value.NowNs == long.MinValue ? long.MaxValue : kv.Value.NowNs, kv.Key));
            abandoned = [.. EndRun(stale, staleInfo.NowNs)];
            _out.Clear();
        }

        var info = Book.RunFor(run);
        var t = point.TimestampNs;
        List<string> spoke = [];
        foreach (var rule in _rules)
        {
            if (!rule.AppliesTo(info.Mode) || rule.Match(point) is not { } series)
            {
                continue;
            }

            // A NoData alarm is one per rule and run: every series it matches counts as data.
            var noData = rule.Rule.Condition == AlarmCondition.NoData;
            var track = Book.TrackFor(rule.Name, run, noData ? string.Empty : series, t);
            if (t <= track.LastTimeNs)
            {
                continue; // a re-delivered window: already evaluated
            }

            track.LastTimeNs = t;
            if (noData)
            {
                ObserveData(rule.Rule, track, point);
                spoke.Add(rule.Name);
            }
            else
            {
                Evaluate(rule.Rule, track, point);
            }
        }

        // NoData rules look at the run's clock: evaluate them when it advances, or when their own
        // series spoke (its point may come after other series of the same window end).
        var advanced = t > info.NowNs;
        info.NowNs = Math.Max(info.NowNs, t);
        foreach (var rule in _rules)
        {
            if (rule.Rule.Condition == AlarmCondition.NoData && rule.AppliesTo(info.Mode) && (advanced || spoke.Contains(rule.Name)))
            {
                EvaluateSilence(rule.Rule, run, info.NowNs);
            }
        }

        return abandoned is null ? [.. _out] : [.. abandoned, .. _out];
    }

    private void Evaluate(AlarmRule rule, AlarmTrack track, MetricPoint point)
    {
        if (point.Field(rule.Field) is not { } field || field.Kind == MetricFieldKind.String)
        {
            return;
        }

        var v = field.AsDouble();
        if (rule.MinEvents is { } minEvents && (point.Field(rule.EventsField) is not { } n || n.AsDouble() < minEvents))
        {
            return; // too few events to judge: neither raise nor clear
        }

        var err = 0.0;
        if (rule.ErrorField is { } ef)
        {
            if (point.Field(ef) is not { } e)
            {
                return;
            }

            err = e.AsDouble();
            if (rule.MaxError is { } maxErr && err > maxErr)
            {
                return;
            }
        }

        var t = point.TimestampNs;
        var unit = Unit(rule.Field);
        switch (rule.Condition)
        {
            case AlarmCondition.Above:
                Step(rule, track, t, v, rising: true, new Reading(v, $"{Num(v)}{unit}", 0));
                break;
            case AlarmCondition.Below:
                Step(rule, track, t, v, rising: false, new Reading(v, $"{Num(v)}{unit}", 0));
                break;
            case AlarmCondition.OutsideBand:
                var nominal = rule.Nominal ?? 0;
                Step(rule, track, t, Math.Abs(v - nominal), rising: true,
                    new Reading(v, $"{Num(v)}{unit} ({Num(v - nominal, signed: true)}{unit} from nominal {Num(nominal)}{unit})", v >= nominal ? 1 : -1));
                break;
            case AlarmCondition.RateOfChange:
                if (Rate(rule, track, t, v, err) is { } rate)
                {
                    Step(rule, track, t, rate.PerHour, rising: rule.RaiseThreshold > 0, new Reading(rate.PerHour,
                        $"{(rate.PerHour < 0 ? "falling" : "rising")} at {Num(rate.PerHour)}{unit}/h over {Num(rate.SpanSeconds)} s ({Num(rate.From)} → {Num(v)}{unit})", 0));
                }

                break;
        }
    }

    private static (double PerHour, double SpanSeconds, double From)? Rate(AlarmRule rule, AlarmTrack track, long t, double v, double err)
    {
        var history = track.History;
        history.Add(new RatePoint(t, v, err));
        var spanNs = (long)(rule.RateSpanSeconds * 1e9);
        var reference = -1;
        for (var i = history.Count - 2; i >= 0; i--)
        {
            if (history[i].TimeNs <= t - spanNs)
            {
                reference = i;
                break;
            }
        }

        if (reference < 0)
        {
            return null; // not a whole span of history yet
        }

        history.RemoveRange(0, reference); // keep the reference and everything newer
        var r = history[0];
        var seconds = (t - r.TimeNs) / 1e9;
        var delta = v - r.Value;
        if (rule.MinSignificance is { } minSig)
        {
            var sigma = Math.Sqrt((err * err) + (r.Error * r.Error));
            if (sigma > 0 ? Math.Abs(delta) / sigma < minSig : delta == 0)
            {
                delta = 0; // within the errors: no evidence of a change
            }
        }

        return (delta / seconds * 3600, seconds, r.Value);
    }

    // The state machine. x: the compared quantity (value, deviation, rate, silence); reading: what the message and point show.
    private void Step(AlarmRule rule, AlarmTrack track, long t, double x, bool rising, Reading reading)
    {
        var s = rising ? 1 : -1;
        var level = rule.Critical is { } c && s * (x - c) >= 0 ? AlarmSeverity.Critical
            : s * (x - rule.RaiseThreshold) >= 0 ? AlarmSeverity.Warn : (AlarmSeverity?)null;
        var cleared = s * (x - rule.ClearThreshold) < 0 && level is null;
        var what = $"{Describe(rule, track)} {reading.Text}";
        switch (track.State)
        {
            case AlarmState.Ok when level is { } sev && rule.PendingSeconds <= 0:
                Fire(rule, track, t, sev, what, reading);
                break;
            case AlarmState.Ok when level is { } sev:
                track.PendingSinceNs = t;
                Emit(track, AlarmTransitionKind.Pending, AlarmState.Pending, sev, t, reading.Value, Reported(rule, rule.RaiseThreshold, reading),
                    $"{what}, beyond the warning limit {Limit(rule, rule.RaiseThreshold, reading)}: pending for {Num(rule.PendingSeconds)} s");
                break;
            case AlarmState.Pending when cleared:
                Emit(track, AlarmTransitionKind.Cancelled, AlarmState.Ok, track.Severity, t, reading.Value, Reported(rule, rule.ClearThreshold, reading),
                    $"{what}, back within {Limit(rule, rule.ClearThreshold, reading)} before paging");
                break;
            case AlarmState.Pending when level is { } sev:
                if (t - track.PendingSinceNs >= (long)(rule.PendingSeconds * 1e9))
                {
                    Fire(rule, track, t, sev, what, reading); // the severity of the value now, as the page shows it
                }

                break;
            case AlarmState.Firing when cleared:
                Emit(track, AlarmTransitionKind.Resolved, AlarmState.Ok, track.Severity, t, reading.Value, Reported(rule, rule.ClearThreshold, reading),
                    $"{what}, back within {Limit(rule, rule.ClearThreshold, reading)}: resolved");
                break;
            case AlarmState.Firing when level == AlarmSeverity.Critical && track.Severity == AlarmSeverity.Warn:
                track.SinceNs = t;
                Emit(track, AlarmTransitionKind.Escalated, AlarmState.Firing, AlarmSeverity.Critical, t, reading.Value, Reported(rule, rule.Critical!.Value, reading),
                    $"{what}, beyond the critical limit {Limit(rule, rule.Critical!.Value, reading)}");
                break;
        }
    }

    private void Fire(AlarmRule rule, AlarmTrack track, long t, AlarmSeverity severity, string what, Reading reading)
    {
        track.FiredAtNs = t;
        track.SinceNs = t;
        var limit = severity == AlarmSeverity.Critical ? rule.Critical!.Value : rule.RaiseThreshold;
        Emit(track, AlarmTransitionKind.Fired, AlarmState.Firing, severity, t, reading.Value, Reported(rule, limit, reading),
            $"{what}, beyond the {(severity == AlarmSeverity.Critical ? "critical" : "warning")} limit {Limit(rule, limit, reading)}");
    }

    private void Emit(AlarmTrack track, AlarmTransitionKind kind, AlarmState state, AlarmSeverity severity, long t, double value, double threshold, string message)
    {
        var wasFiring = track.State == AlarmState.Firing;
        var before = track.Severity;
        track.State = state;
        track.Severity = severity;
        track.Sequence++;
        var rule = _rules.FirstOrDefault(r => r.Name == track.Rule)?.Rule; // null: a rule removed from the configuration since
        var transition = Notify(
            new AlarmTransition(track.AlarmId, track.Rule, track.Run, track.Series, track.Sequence, kind, state, severity, t,
                value, threshold, message, rule?.Measurement ?? string.Empty, rule?.Field ?? string.Empty, track.FiredAtNs, track.SinceNs),
            track, wasFiring, before);
        if (state == AlarmState.Ok)
        {
            track.FiredAtNs = 0;
            track.SinceNs = 0;
            track.Severity = AlarmSeverity.Warn;
        }

        _out.Add(transition);
    }
}

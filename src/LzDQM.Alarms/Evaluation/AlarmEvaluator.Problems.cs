namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// Problems: rules sharing <see cref="Rules.AlarmRule.ProblemKey"/> page once per problem and run. A
/// rule's transitions are still its own (its <c>dqm_alarm</c> points show every change); what
/// receivers hear is decided here, per problem.
/// </summary>
public sealed partial class AlarmEvaluator
{
    private string ProblemOf(string rule) => _problemOf.GetValueOrDefault(rule, rule);

    // Decides the notice of a rule's transition (track already changed): the first rule of a problem
    // to fire pages; another firing, or an escalation, while the problem fires updates; the last
    // firing rule to clear resolves. wasFiring/before: the track's state before this transition.
    private AlarmTransition Notify(AlarmTransition t, AlarmTrack track, bool wasFiring, AlarmSeverity before)
    {
        var problem = ProblemOf(track.Rule);
        var id = track.Series.Length == 0 ? $"{problem}/{track.Run}" : $"{problem}/{track.Run}/{track.Series}";
        var p = Book.Problems.GetValueOrDefault(id) ?? Reconstruct(id, problem, track, wasFiring, before);
        var notice = AlarmNotice.None;
        switch (t.Kind)
        {
            case AlarmTransitionKind.Fired when p is null:
                p = new ProblemTrack
                {
                    ProblemId = id, Problem = problem, Run = track.Run, Series = track.Series,
                    PageSeverity = t.Severity, Severity = t.Severity, FiredAtNs = t.EventTimeNs, Notices = 1,
                };
                Book.Problems[id] = p;
                notice = AlarmNotice.Page;
                break;
            case AlarmTransitionKind.Fired or AlarmTransitionKind.Escalated when p is not null:
                p.Severity = (AlarmSeverity)Math.Max((int)p.Severity, (int)t.Severity);
                p.Notices++;
                notice = AlarmNotice.Update;
                break;
            case AlarmTransitionKind.Resolved when p is not null:
                if (!FiringTracks(problem, track.Run, track.Series).Any())
                {
                    Book.Problems.Remove(id);
                    notice = AlarmNotice.Resolve;
                }

                break;
        }

        return t with
        {
            Problem = problem,
            Notice = notice,
            ProblemSeverity = p?.Severity ?? t.Severity,
            PageSeverity = p?.PageSeverity ?? t.Severity,
            ProblemFiredAtNs = p?.FiredAtNs ?? 0,
            FiringRules = string.Join(',', FiringTracks(problem, track.Run, track.Series).Select(o => o.Rule).Distinct().Order(StringComparer.Ordinal)),
        };
    }

    private IEnumerable<AlarmTrack> FiringTracks(string problem, uint run, string series) =>
        Book.Tracks.Values.Where(o => o.State == AlarmState.Firing && o.Run == run && o.Series == series && ProblemOf(o.Rule) == problem);

    // A problem firing without a record: state written before problems existed (format 1), or a rule
    // moved to another problem while it fired. Rebuilt from the firing rules as they were paged then
    // (each rule its own alert, labelled with its severity).
    private ProblemTrack? Reconstruct(string id, string problem, AlarmTrack track, bool wasFiring, AlarmSeverity before)
    {
        var firing = FiringTracks(problem, track.Run, track.Series).Where(o => o != track)
            .Select(o => (o.FiredAtNs, o.Severity)).ToList();
        if (wasFiring)
        {
            firing.Add((track.FiredAtNs, before));
        }

        if (firing.Count == 0)
        {
            return null;
        }

        var first = firing.MinBy(f => f.FiredAtNs);
        var p = new ProblemTrack
        {
            ProblemId = id, Problem = problem, Run = track.Run, Series = track.Series,
            PageSeverity = first.Severity, Severity = firing.Max(f => f.Severity), FiredAtNs = first.FiredAtNs, Notices = 1,
        };
        Book.Problems[id] = p;
        return p;
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// Rules sharing a problem, in any interleaving of their transitions: the first to fire pages, any
/// other firing or escalation while the problem fires updates, the last to clear resolves; so one
/// page and one resolve per episode, checked against a model computed from the rules' own transitions.
/// </summary>
public sealed class ProblemNoticeProperties
{
    /// <summary>Two rules of problem <c>p</c> on fields a and b of <c>dqm_test</c>: above 10 (critical 20), clear below 8; a waits 20 s pending.</summary>
    public static IEnumerable<AlarmRule> TwoRulesOneProblem() =>
    [
        new() { Name = "a", ProblemName = "p", Measurement = "dqm_test", Field = "a", Condition = AlarmCondition.Above, Warn = 10, Critical = 20, Clear = 8, PendingSeconds = 20 },
        new() { Name = "b", ProblemName = "p", Measurement = "dqm_test", Field = "b", Condition = AlarmCondition.Above, Warn = 10, Critical = 20, Clear = 8 },
    ];

    /// <summary>A <c>dqm_test</c> point of run 1 with field a and/or b (a missing field neither raises nor clears).</summary>
    public static MetricPoint Point(double seconds, double? a, double? b) =>
        Pt.Make("dqm_test", 1, seconds, new[] { ("a", a), ("b", b) }.Where(f => f.Item2 is not null).Select(f => (f.Item1, f.Item2!.Value)));

    // The model: the set of firing rules, from the rules' own transitions. Page when it becomes
    // non-empty, resolve when it becomes empty, update on a firing or escalation while non-empty.
    private static void AssertOnePagePerEpisode(IReadOnlyList<AlarmTransition> transitions, string problemId)
    {
        var firing = new HashSet<string>();
        AlarmSeverity? paged = null;
        var worst = AlarmSeverity.Warn;
        foreach (var t in transitions)
        {
            Assert.Equal(problemId, t.ProblemId);
            var expected = AlarmNotice.None;
            switch (t.Kind)
            {
                case AlarmTransitionKind.Fired:
                    expected = firing.Count == 0 ? AlarmNotice.Page : AlarmNotice.Update;
                    firing.Add(t.Rule);
                    break;
                case AlarmTransitionKind.Escalated:
                    expected = AlarmNotice.Update;
                    break;
                case AlarmTransitionKind.Resolved:
                    firing.Remove(t.Rule);
                    expected = firing.Count == 0 ? AlarmNotice.Resolve : AlarmNotice.None;
                    break;
            }

            Assert.Equal(expected, t.Notice);
            if (t.Notice == AlarmNotice.Page)
            {
                (paged, worst) = (t.Severity, t.Severity);
            }

            if (paged is { } p && t.Notice != AlarmNotice.None)
            {
                // Alertmanager's identity holds the severity it paged with; the current one only rises.
                worst = t.Severity > worst && t.State == AlarmState.Firing ? t.Severity : worst;
                Assert.Equal(p, t.PageSeverity);
                Assert.Equal(worst, t.ProblemSeverity);
            }

            Assert.Equal(string.Join(',', firing.Order(StringComparer.Ordinal)), t.FiringRules);
        }

        Assert.Empty(firing); // the run ended
        Assert.Equal(transitions.Count(t => t.Notice == AlarmNotice.Page), transitions.Count(t => t.Notice == AlarmNotice.Resolve));
        Assert.Equal(transitions.Count(t => t.Pages), transitions.Where(t => t.Pages).Select(t => t.IdempotencyKey).Distinct().Count());
    }

    private static List<AlarmTransition> Run(IEnumerable<AlarmRule> rules, IReadOnlyList<MetricPoint> points, int cut)
    {
        // A handover through bytes at the cut, with the point before it delivered again.
        var first = new AlarmEvaluator(rules);
        var all = points.Take(cut).SelectMany(first.Observe).ToList();
        var second = new AlarmEvaluator(rules, AlarmBook.FromBytes(first.Book.ToBytes()));
        Assert.Empty(points.Take(cut).TakeLast(1).SelectMany(second.Observe));
        all.AddRange(points.Skip(cut).SelectMany(second.Observe));
        all.AddRange(second.EndRun(1, points[^1].TimestampNs + 1));
        return all;
    }

    private static readonly Gen<(double? A, double? B)> Step =
        from which in Gen.Elements(0, 1, 2, 2) // a only, b only, both
        from a in Gen.Elements(0.0, 9.0, 15.0, 25.0)
        from b in Gen.Elements(0.0, 9.0, 15.0, 25.0)
        select (which == 1 ? (double?)null : a, which == 0 ? (double?)null : b);

    [Property(MaxTest = 300)]
    public Property Any_interleaving_of_two_rules_of_a_problem_pages_once_and_resolves_once_per_episode() =>
        Prop.ForAll(Arb.From(from steps in Gen.ListOf(Step).Where(l => l.Count > 0) from cut in Gen.Choose(0, steps.Count) select (steps, cut)), x =>
        {
            var points = x.steps.Select((s, i) => Point(10 * (i + 1), s.A, s.B)).ToList();
            AssertOnePagePerEpisode(Run(TwoRulesOneProblem(), points, x.cut), "p/1");
        });

    // τ of a Kr-83m run, a window a minute: levels from nominal to very low, errors good and poor.
    private static readonly Gen<(double Tau, double Err)> Lifetime =
        from tau in Gen.Elements(8000.0, 6500.0, 5000.0, 3500.0, 3100.0, 2900.0, 2500.0, 1900.0)
        from err in Gen.Elements(100.0, 150.0, 400.0, 700.0)
        select (tau, err);

    [Property(MaxTest = 300)]
    public Property Any_interleaving_of_the_two_default_lifetime_rules_pages_once_and_resolves_once_per_episode() =>
        Prop.ForAll(Arb.From(from windows in Gen.ListOf(Lifetime).Where(l => l.Count > 0) from cut in Gen.Choose(0, windows.Count) select (windows, cut)), x =>
        {
            var rules = DefaultAlarmRules.Create().Where(r => r.ProblemKey == "electron-lifetime").ToList();
            Assert.Equal(2, rules.Count);
            var points = x.windows.Select((w, i) => Pt.Lifetime(1, 60 * (i + 1), w.Tau, w.Err)).ToList();
            AssertOnePagePerEpisode(Run(rules, points, x.cut), "electron-lifetime/1");
        });

    public static TheoryData<string, double?[], double?[], string[]> Interleavings => new()
    {
        // name, a values, b values (one point per index, null: field absent), the notices in order
        { "a then b, a clears first", [15, 15, 15, 15, 0, 0], [0, 0, 0, 15, 15, 0], ["none", "page", "update", "none", "resolve"] },
        { "b then a, b clears first", [15, 15, 15, 15, 0], [15, 15, 15, 0, 0], ["none", "page", "update", "none", "resolve"] },
        { "a escalates while b fires", [15, 15, 15, 25, 0], [0, 15, 15, 15, 0], ["none", "page", "update", "update", "none", "resolve"] },
        { "two episodes", [0, 0, 0, 0, 0], [15, 0, 15, 0, null], ["page", "resolve", "page", "resolve"] },
        { "a cancelled before it fires", [15, 0, 0], [15, 15, 0], ["none", "page", "none", "resolve"] },
    };

    [Theory]
    [MemberData(nameof(Interleavings))]
    public void Explicit_interleavings_give_the_expected_notices(string name, double?[] a, double?[] b, string[] notices)
    {
        var e = new AlarmEvaluator(TwoRulesOneProblem());
        var ts = a.Zip(b).Select((v, i) => Point(10 * (i + 1), v.First, v.Second)).SelectMany(e.Observe).ToList();
        Assert.True(notices.SequenceEqual(ts.Select(t => t.NoticeName)), $"{name}: {string.Join(' ', ts.Select(t => $"{t.Rule}:{t.Kind}:{t.NoticeName}"))}");
    }

    [Fact]
    public void A_purity_loss_both_default_lifetime_rules_see_is_paged_by_the_fall_updated_by_the_low_and_resolved_when_the_fall_clears()
    {
        var e = new AlarmEvaluator(DefaultAlarmRules.Create().Where(r => r.ProblemKey == "electron-lifetime"));
        double[] taus = [8000, 8000, 8000, 8000, 8000, 8000, 7000, 6000, 5000, 4000, 3000, 2800, 3500, 4500, 6000];
        var ts = taus.Select((tau, i) => Pt.Lifetime(1, 60 * (i + 1), tau, 150)).SelectMany(e.Observe).ToList();

        Assert.Equal(
            ["electron-lifetime-falling:Fired:page", "electron-lifetime-low:Fired:update", "electron-lifetime-low:Resolved:none", "electron-lifetime-falling:Resolved:resolve"],
            ts.Select(t => $"{t.Rule}:{t.Kind}:{t.NoticeName}"));
        Assert.All(ts, t => Assert.Equal("electron-lifetime/1", t.ProblemId));
        Assert.Equal(["electron-lifetime-falling", "electron-lifetime-falling,electron-lifetime-low", "electron-lifetime-falling", ""], ts.Select(t => t.FiringRules));
    }
}

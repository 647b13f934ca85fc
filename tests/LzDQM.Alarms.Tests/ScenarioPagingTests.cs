using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.TestServers;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// Every SPEC §6 scenario: the kernel's points (replay-data) through the default rules, the engine and
/// both notifiers to a real HTTP receiver. Each anomaly pages exactly once, soon after its metric
/// crosses the threshold in event time, and resolves at most once (after recovery where it recovers);
/// the clean scenarios raise nothing at all.
/// </summary>
public sealed class ScenarioPagingTests
{
    public static TheoryData<string, string?> Scenarios => new()
    {
        // scenario, the rule that must page (null: clean)
        { "science", null },
        { "kr83m-calibration", null },
        { "purity-loss", "electron-lifetime-falling" },
        { "cathode-hv-sag", "cathode-edge-moved" },
        { "liquid-level-rise", "s2-width-moved" },
        { "rate-spike", "se-rate-spike" },
        { "daq-stall", "no-data" },
        { "deadtime-burst", "live-fraction-low" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Each_anomaly_pages_once_and_clean_runs_page_nothing(string scenario, string? expectedRule)
    {
        var feed = ScenarioFeed.Load(scenario);
        var recovers = feed.EndS is { } end && end < feed.DurationS; // the truth file: the anomaly ends within the stored run
        var (transitions, requests) = await DefaultRulePaging.RunAsync(feed);
        if (expectedRule is null)
        {
            Assert.Empty(transitions); // not even pending
            Assert.Empty(requests);
            return;
        }

        // Exactly one problem, paged once, by the expected rule (the first of its problem to fire).
        var rule = DefaultAlarmRules.Create().Single(r => r.Name == expectedRule);
        var fired = Assert.Single(transitions, t => t.Notice == AlarmNotice.Page);
        Assert.Equal(AlarmTransitionKind.Fired, fired.Kind);
        Assert.Equal(expectedRule, fired.Rule);
        Assert.All(transitions, t => Assert.Equal(fired.ProblemId, t.ProblemId));
        Assert.Equal($"{rule.ProblemKey}/{feed.Run}", fired.ProblemId);
        Assert.True(feed.Seconds(fired.EventTimeNs) >= feed.OnsetS, $"fired at {feed.Seconds(fired.EventTimeNs)} s, before the onset {feed.OnsetS} s");

        // Within one window step of the metric crossing the threshold, in event time (issue 5's budget
        // is one window step plus 5 s of processing; no default rule spends it on a pending time).
        var (crossedNs, stepS) = FirstCrossing(rule, feed);
        var lateS = (fired.EventTimeNs - crossedNs) / 1e9;
        Assert.Equal(0, rule.PendingSeconds);
        Assert.InRange(lateS, 0, stepS);

        // At most one resolve; where the scenario recovers, by the value and after the anomaly ended.
        var resolves = transitions.Where(t => t.Notice == AlarmNotice.Resolve).ToList();
        Assert.True(resolves.Count <= 1);
        if (recovers)
        {
            var resolved = Assert.Single(resolves);
            Assert.InRange(feed.Seconds(resolved.EventTimeNs), feed.EndS!.Value, feed.DurationS);
            var stop = feed.Items.OfType<StopItem>().Single();
            Assert.True(resolved.EventTimeNs < stop.TimeNs, "resolved by the run's end, not by the value recovering");
        }

        // The receiver got exactly the notices, each once, the page first: one alert identity
        // (Alertmanager: the whole label set) for the page, its updates and its resolve.
        Assert.All(requests, r => Assert.True(r.Accepted));
        var paging = transitions.Where(t => t.Pages).ToList();
        var alerts = AlertmanagerRequests.Alerts(requests);
        Assert.Single(alerts.Select(a => a.Json.GetProperty("labels").GetRawText()).Distinct());
        var firingAlerts = alerts.Where(a => a.Firing).ToList();
        Assert.Equal(paging.Count(t => t.Notice is AlarmNotice.Page or AlarmNotice.Update), firingAlerts.Count);
        var page = firingAlerts[0];
        Assert.Equal(rule.ProblemKey, page.AlertName);
        Assert.Equal(fired.Severity == AlarmSeverity.Critical ? "critical" : "warning", page.Severity);
        Assert.Equal(feed.Run.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Run);
        Assert.Equal(AlertmanagerRequests.Instant(fired.EventTimeNs), page.StartsAt);
        var annotations = page.Json.GetProperty("annotations");
        Assert.Contains($"run {feed.Run}", annotations.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://grafana.example:3000/d/lzdqm-overview?var-run=" + feed.Run, annotations.GetProperty("dashboard").GetString(), StringComparison.Ordinal);
        Assert.Equal(resolves.Count, alerts.Count(a => !a.Firing));
        Assert.All(alerts.Skip(1), a => Assert.Equal(page.StartsAt, a.StartsAt));

        var hooks = AlertmanagerRequests.Webhooks(requests);
        Assert.Equal(paging.Count, hooks.Count);
        Assert.Equal(hooks.Count, hooks.Select(h => h.GetProperty("idempotency_key").GetString()).Distinct().Count());
        var events = hooks.Select(h => h.GetProperty("event").GetString()).ToList();
        Assert.Equal("page", events[0]);
        Assert.Single(events, e => e == "page");
        Assert.Equal(resolves.Count, events.Count(e => e == "resolve"));
        Assert.All(hooks, h => Assert.Equal(fired.ProblemId, h.GetProperty("problem_id").GetString()));
    }

    /// <summary>
    /// The first window whose value crosses the rule's raising threshold (with the rule's guards),
    /// computed from the points independently of the evaluator, and the series' window step.
    /// RateOfChange: the first window whose change over the rule's span is beyond the threshold
    /// by more than the significance cut.
    /// </summary>
    private static (long CrossedNs, double StepS) FirstCrossing(AlarmRule rule, ScenarioFeed feed)
    {
        var series = feed.Points.Where(p => p.Measurement == rule.Measurement && rule.Tags.All(kv => p.Tag(kv.Key) == kv.Value))
            .Where(p => rule.MinEvents is null || p.Value(rule.EventsField) >= rule.MinEvents)
            .Where(p => rule.MaxError is null || p.Value(rule.ErrorField!) <= rule.MaxError)
            .ToList();
        var step = (series[2].TimestampNs - series[1].TimestampNs) / 1e9;
        bool Crossed(MetricPoint p, int i) => rule.Condition switch
        {
            AlarmCondition.Above => p.Value(rule.Field) >= rule.RaiseThreshold,
            AlarmCondition.Below => p.Value(rule.Field) <= rule.RaiseThreshold,
            AlarmCondition.OutsideBand => Math.Abs(p.Value(rule.Field) - rule.Nominal!.Value) >= rule.RaiseThreshold,
            AlarmCondition.NoData => p.Value(rule.Field) == 0,
            AlarmCondition.RateOfChange => series.Take(i).LastOrDefault(q => q.TimestampNs <= p.TimestampNs - (long)(rule.RateSpanSeconds * 1e9)) is { } q
                && (p.Value(rule.Field) - q.Value(rule.Field)) / ((p.TimestampNs - q.TimestampNs) / 3.6e12) <= rule.RaiseThreshold
                && Math.Abs(p.Value(rule.Field) - q.Value(rule.Field)) >= rule.MinSignificance!.Value * Math.Sqrt(Math.Pow(p.Value(rule.ErrorField!), 2) + Math.Pow(q.Value(rule.ErrorField!), 2)),
            _ => throw new InvalidOperationException(rule.Condition.ToString()),
        };
        var first = series.Select((p, i) => (p, i)).First(x => Crossed(x.p, x.i)).p;
        return (first.TimestampNs, step);
    }
}

using System.Text.Json;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.TestServers;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// One problem = one page, one resolve (SPEC §4) at a real HTTP receiver standing in for Alertmanager
/// and a webhook: several rules of one problem firing, and an escalation to critical, update the page
/// instead of paging again; the labels (Alertmanager's identity) never change.
/// </summary>
public sealed class ProblemPagingTests
{
    private const ulong OtherSeed = 23;

    private static List<string> Events(IEnumerable<ReceivedRequest> requests) =>
        [.. AlertmanagerRequests.Webhooks(requests).Select(h => h.GetProperty("event").GetString()!)];

    [Fact]
    public async Task The_whole_purity_loss_pages_once_although_both_lifetime_rules_fire_and_resolves_at_most_once()
    {
        var feed = ScenarioFeed.Simulate("purity-loss", OtherSeed);
        var (transitions, requests) = await DefaultRulePaging.RunAsync(feed);

        // Both rules fire (the fall, then the low lifetime): two facts in dqm_alarm ...
        Assert.Equal(["electron-lifetime-falling", "electron-lifetime-low"], transitions.Where(t => t.Kind == AlarmTransitionKind.Fired).Select(t => t.Rule));
        Assert.All(transitions, t => Assert.Equal($"electron-lifetime/{feed.Run}", t.ProblemId));

        // ... one problem at the receivers: Alertmanager sees one alert identity, paged once.
        var alerts = AlertmanagerRequests.Alerts(requests);
        var (pages, resolves, identities) = AlertmanagerRequests.PagesByIdentity(alerts);
        Assert.Equal(1, identities);
        Assert.Equal(1, pages);
        Assert.InRange(resolves, 0, 1);
        Assert.All(alerts, a => Assert.Equal("electron-lifetime", a.AlertName));
        Assert.True(alerts.Count(a => a.Firing) >= 2, "the low lifetime re-sent the firing alert as an update");
        Assert.Equal("electron-lifetime-falling, electron-lifetime-low".Replace(" ", string.Empty, StringComparison.Ordinal),
            alerts.Last(a => a.Firing).Json.GetProperty("annotations").GetProperty("firing_rules").GetString());

        // The webhook: one page, the low lifetime as an update, at most one resolve, last.
        var events = Events(requests);
        Assert.Equal("page", events[0]);
        Assert.Single(events, e => e == "page");
        Assert.InRange(events.Count(e => e == "resolve"), 0, 1);
        Assert.True(events.IndexOf("resolve") is -1 || events.IndexOf("resolve") == events.Count - 1);
        var hooks = AlertmanagerRequests.Webhooks(requests);
        var update = Assert.Single(hooks, h => h.GetProperty("event").GetString() == "update" && h.GetProperty("rule").GetString() == "electron-lifetime-low");
        Assert.Equal("fired", update.GetProperty("kind").GetString());
        Assert.Equal(hooks.Count, hooks.Select(h => h.GetProperty("idempotency_key").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_cathode_sag_escalating_to_critical_is_one_alert_with_a_stable_label_set_paged_once_and_updated()
    {
        var feed = ScenarioFeed.Load("cathode-hv-sag");
        var (transitions, requests) = await DefaultRulePaging.RunAsync(feed);
        var escalated = Assert.Single(transitions, t => t.Kind == AlarmTransitionKind.Escalated);
        Assert.Equal(AlarmNotice.Update, escalated.Notice);

        var alerts = AlertmanagerRequests.Alerts(requests);
        var (pages, resolves, identities) = AlertmanagerRequests.PagesByIdentity(alerts);
        Assert.Equal((1, 1), (pages, identities));
        Assert.InRange(resolves, 0, 1);
        var firing = alerts.Where(a => a.Firing).ToList();
        Assert.Equal(2, firing.Count); // the page, then the escalation as an update of the same alert
        Assert.All(alerts, a => Assert.Equal("warning", a.Severity)); // the severity it paged with: part of the identity
        Assert.All(alerts, a => Assert.Equal(firing[0].StartsAt, a.StartsAt));
        string Now(ReceivedAlert a) => a.Json.GetProperty("annotations").GetProperty("current_severity").GetString()!;
        Assert.Equal(["warning", "critical"], firing.Select(Now));
        Assert.StartsWith("CRITICAL cathode-edge-moved", firing[1].Json.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);

        var hooks = AlertmanagerRequests.Webhooks(requests);
        Assert.Equal(["page", "update"], Events(requests).Take(2));
        Assert.Equal(["fired", "escalated"], hooks.Take(2).Select(h => h.GetProperty("kind").GetString()));
        Assert.Equal("critical", hooks[1].GetProperty("problem_severity").GetString());
        Assert.All(hooks, h => Assert.Equal(hooks[0].GetProperty("problem_id").GetString(), h.GetProperty("problem_id").GetString()));
    }

    [Fact]
    public async Task A_firing_problem_is_refreshed_with_its_newest_annotations_under_the_labels_it_paged_with()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        using var http = new HttpClient();
        var options = PagingTests.Options(receiver, webhook: false, refreshSeconds: 0.2);
        options.Rules = [.. ProblemNoticeProperties.TwoRulesOneProblem()];
        using var engine = new AlarmEngine(options, http);
        using var cts = new CancellationTokenSource();
        var delivery = engine.RunDeliveryAsync(cts.Token, TimeSpan.FromMilliseconds(20));

        engine.Observe(ProblemNoticeProperties.Point(10, a: 15, b: 0)); // rule a pending
        engine.Observe(ProblemNoticeProperties.Point(30, a: 15, b: 0)); // rule a fires (warning): the page
        engine.Observe(ProblemNoticeProperties.Point(40, a: 15, b: 25)); // rule b fires, critical: an update
        await receiver.WaitForAsync(r => AlertmanagerRequests.Alerts(r).Count(a => a.Firing) >= 4, TimeSpan.FromSeconds(20), "the page, the update and two refreshes");
        engine.Observe(ProblemNoticeProperties.Point(50, a: 0, b: 0)); // both clear: the resolve
        await receiver.WaitForAsync(r => AlertmanagerRequests.Resolves(r) >= 1, TimeSpan.FromSeconds(20), "the resolve");
        await cts.CancelAsync();
        await delivery;

        var alerts = AlertmanagerRequests.Alerts(receiver.Requests);
        Assert.Equal((1, 1, 1), AlertmanagerRequests.PagesByIdentity(alerts));
        var refreshes = alerts.Where(a => a.Firing).Skip(2).ToList();
        Assert.NotEmpty(refreshes);
        Assert.All(refreshes, a => Assert.Equal("critical", a.Json.GetProperty("annotations").GetProperty("current_severity").GetString()));
        Assert.All(alerts, a => Assert.Equal(("p", "warning"), (a.AlertName, a.Severity)));
    }

    [Fact]
    public async Task A_handover_between_the_page_and_the_update_neither_pages_again_nor_loses_the_update_or_the_resolve()
    {
        var feed = ScenarioFeed.Simulate("purity-loss", OtherSeed);
        var probe = new AlarmEvaluator(DefaultAlarmRules.Create());
        var cut = -1;
        for (var i = 0; i < feed.Items.Count && cut < 0; i++)
        {
            if (feed.Items[i] is StartItem s)
            {
                probe.SetRunMode(s.Run, s.Mode);
            }
            else if (feed.Items[i] is PointItem p && probe.Observe(p.Point).Any(t => t.Notice == AlarmNotice.Page))
            {
                cut = i + 1; // just after the fall paged, long before the low lifetime fires
            }
        }

        await using var receiver = await AlertReceiver.StartAsync();
        using var http = new HttpClient();
        AlarmOptions Options() => new()
        {
            Rules = [.. DefaultAlarmRules.Create()],
            Alertmanager = { Url = receiver.Url + "/am" },
            Webhook = { Url = receiver.Url + "/hook" },
        };
        async Task Drain(AlarmEngine engine)
        {
            while (engine.WaitingNotifications > 0)
            {
                await engine.DeliverDueAsync(CancellationToken.None);
            }
        }

        byte[] state;
        using (var old = new AlarmEngine(Options(), http))
        {
            feed.FeedTo(old, 0, cut);
            await Drain(old);
            state = old.ToBytes();
        }

        using var next = new AlarmEngine(Options(), http, state: state);
        var after = feed.FeedTo(next, Math.Max(0, cut - 60)); // the last minute before the cut again
        await Drain(next);

        Assert.DoesNotContain(after, t => t.Notice == AlarmNotice.Page);
        Assert.Contains(after, t => t.Notice == AlarmNotice.Update && t.Rule == "electron-lifetime-low");
        var (pages, resolves, identities) = AlertmanagerRequests.PagesByIdentity(AlertmanagerRequests.Alerts(receiver.Requests));
        Assert.Equal((1, 1), (pages, identities));
        Assert.InRange(resolves, 0, 1);
        var events = Events(receiver.Requests);
        Assert.Equal(1, events.Count(e => e == "page"));
        Assert.Equal(events.Count, AlertmanagerRequests.Webhooks(receiver.Requests).Select(h => h.GetProperty("idempotency_key").GetString()).Distinct().Count());
    }
}

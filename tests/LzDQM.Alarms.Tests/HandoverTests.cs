using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.TestServers;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// A singleton handover mid-alarm, as the cluster does it: the old engine's <c>ToBytes()</c> starts the
/// new one, which gets the points again from a little before the cut (at-least-once delivery).
/// </summary>
public sealed class HandoverTests
{
    private static AlarmOptions Options(AlertReceiver receiver) => new()
    {
        Rules = [.. DefaultAlarmRules.Create()],
        Alertmanager = { Url = receiver.Url + "/am" },
        Webhook = { Url = receiver.Url + "/hook" },
        Retry = { InitialDelayMs = 20, MaxDelayMs = 200 },
    };

    private static async Task Drain(AlarmEngine engine)
    {
        for (var i = 0; i < 200 && engine.WaitingNotifications > 0; i++)
        {
            await engine.DeliverDueAsync(CancellationToken.None);
            await Task.Delay(10);
        }

        Assert.Equal(0, engine.WaitingNotifications);
    }

    private static int IndexAfterFiring(ScenarioFeed feed)
    {
        var probe = new AlarmEvaluator(DefaultAlarmRules.Create());
        for (var i = 0; i < feed.Items.Count; i++)
        {
            if (feed.Items[i] is PointItem p && probe.Observe(p.Point).Any(t => t.Kind == AlarmTransitionKind.Fired))
            {
                return i + 1;
            }

            if (feed.Items[i] is StartItem s)
            {
                probe.SetRunMode(s.Run, s.Mode);
            }
        }

        throw new InvalidOperationException("the scenario never fires");
    }

    [Fact]
    public async Task A_new_engine_from_the_old_ones_bytes_does_not_page_again_and_still_resolves()
    {
        var feed = ScenarioFeed.Load("rate-spike");
        var cut = IndexAfterFiring(feed);
        await using var receiver = await AlertReceiver.StartAsync();
        using var http = new HttpClient();

        byte[] state;
        using (var old = new AlarmEngine(Options(receiver), http))
        {
            Assert.Single(feed.FeedTo(old, 0, cut), t => t.Kind == AlarmTransitionKind.Fired);
            await Drain(old);
            state = old.ToBytes();
        }

        using var next = new AlarmEngine(Options(receiver), http, state: state);
        Assert.Single(next.OpenAlarms);
        var after = feed.FeedTo(next, Math.Max(0, cut - 60)); // re-delivers the last minute of points before the cut
        await Drain(next);

        Assert.DoesNotContain(after, t => t.Kind is AlarmTransitionKind.Fired or AlarmTransitionKind.Pending);
        Assert.Equal(AlarmTransitionKind.Resolved, Assert.Single(after).Kind);
        var alerts = AlertmanagerRequests.Alerts(receiver.Requests);
        Assert.Equal([true, false], alerts.Select(a => a.Firing));
        var hooks = AlertmanagerRequests.Webhooks(receiver.Requests);
        Assert.Equal(["se-rate-spike/7006#1", "se-rate-spike/7006#2"], hooks.Select(h => h.GetProperty("idempotency_key").GetString()));
    }

    [Fact]
    public async Task A_page_not_yet_acknowledged_at_the_handover_is_sent_by_the_new_engine_exactly_once()
    {
        var feed = ScenarioFeed.Load("daq-stall");
        var cut = IndexAfterFiring(feed);
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.FailUntilRecovered(503);
        using var http = new HttpClient();

        byte[] state;
        using (var old = new AlarmEngine(Options(receiver), http))
        {
            feed.FeedTo(old, 0, cut);
            await old.DeliverDueAsync(CancellationToken.None); // refused: the node dies before a retry
            Assert.Equal(2, old.WaitingNotifications);
            state = old.ToBytes();
        }

        receiver.Recover();
        using var next = new AlarmEngine(Options(receiver), http, state: state);
        var after = feed.FeedTo(next, cut - 10);
        await Drain(next);

        Assert.Equal(AlarmTransitionKind.Resolved, Assert.Single(after).Kind);
        var accepted = receiver.Requests.Where(r => r.Accepted).Select(AlertmanagerRequests.Telling).ToList();
        Assert.Equal(2, accepted.Count(k => k is "firing" or "fired"));
        Assert.Equal(2, accepted.Count(k => k == "resolved"));
        Assert.Equal(AlertmanagerRequests.Instant(feed.StartNs + 360_000_000_000), AlertmanagerRequests.Alerts(receiver.Requests)[0].StartsAt);
    }

    [Fact]
    public void State_bytes_refuse_garbage_and_unknown_versions_with_one_line()
    {
        var ok = new AlarmEvaluator(DefaultAlarmRules.Create()).Book.ToBytes();
        var future = (byte[])ok.Clone();
        future[4] = 99;

        var e1 = Assert.Throws<InvalidDataException>(() => AlarmBook.FromBytes("nonsense"u8));
        var e2 = Assert.Throws<InvalidDataException>(() => AlarmBook.FromBytes(future));
        var e3 = Assert.Throws<InvalidDataException>(() => AlarmBook.FromBytes(ok.AsSpan(0, ok.Length - 3)));

        Assert.Contains("magic", e1.Message, StringComparison.Ordinal);
        Assert.Contains("version 99", e2.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e3.Message, StringComparison.Ordinal);
        Assert.All(new[] { e1, e2, e3 }, e => Assert.DoesNotContain('\n', e.Message));
    }
}

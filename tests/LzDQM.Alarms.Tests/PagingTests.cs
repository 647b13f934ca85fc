using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.TestServers;

namespace LzDQM.Alarms.Tests;

/// <summary>Delivery to a real HTTP receiver that fails: retries, order, exactly once, permanent refusals, refreshes.</summary>
public sealed class PagingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static AlarmRule Live() => new()
    {
        Name = "live", Measurement = "dqm_trigger_rate", Field = "live_fraction", Tags = new() { ["trigger_type"] = "all" },
        Condition = AlarmCondition.Below, Warn = 0.9, Clear = 0.92,
    };

    /// <summary>
    /// The shortest Alertmanager expiry the tests use: far beyond any request's latency, so a firing alert is
    /// still firing when it arrives, even on a loaded CI machine where a first request can take longer than a
    /// few short refresh intervals.
    /// </summary>
    internal const double MinExpirySeconds = 300;

    internal static AlarmOptions Options(AlertReceiver receiver, bool webhook = true, double refreshSeconds = 600) => new()
    {
        Rules = [Live()],
        Alertmanager = { Url = receiver.Url + "/am", RefreshSeconds = refreshSeconds, ExpirySeconds = Math.Max(refreshSeconds * 4, MinExpirySeconds) },
        Webhook = { Url = webhook ? receiver.Url + "/hook" : null },
        Retry = { InitialDelayMs = 20, MaxDelayMs = 200, RequestTimeoutMs = 5000 },
    };

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {Patience.TotalSeconds} s for {what}");
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_receiver_answering_503_for_a_while_gets_the_page_once_after_it_recovers_and_the_resolve_after_it()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.FailUntilRecovered(503);
        using var http = new HttpClient();
        using var engine = new AlarmEngine(Options(receiver), http);
        using var cts = new CancellationTokenSource();
        var delivery = engine.RunDeliveryAsync(cts.Token, TimeSpan.FromMilliseconds(50));

        Assert.Equal(AlarmTransitionKind.Fired, Assert.Single(engine.Observe(Pt.Trigger(1, 10, 40, 0.5))).Kind);
        await receiver.WaitForAsync(r => r.Count(x => x.Path == AlertmanagerRequests.AlertmanagerPath) >= 3, Patience, "three refused Alertmanager attempts");
        Assert.Equal(AlarmTransitionKind.Resolved, Assert.Single(engine.Observe(Pt.Trigger(1, 20, 40, 0.99))).Kind);
        await receiver.WaitForAsync(r => r.Count(x => x.Path == AlertmanagerRequests.WebhookPath) >= 3, Patience, "three refused webhook attempts");
        receiver.Recover();
        await WaitUntil(() => engine.WaitingNotifications == 0, "the outbox to drain");
        await cts.CancelAsync();
        await delivery;

        var requests = receiver.Requests;
        foreach (var path in new[] { AlertmanagerRequests.AlertmanagerPath, AlertmanagerRequests.WebhookPath })
        {
            var mine = requests.Where(r => r.Path == path).ToList();
            var accepted = mine.Where(r => r.Accepted).ToList();
            Assert.Equal(2, accepted.Count); // the page once, the resolve once
            var firstAccepted = mine.IndexOf(accepted[0]);
            Assert.True(firstAccepted >= 3);
            // Only the page was tried until it got through; then the resolve.
            var page = path == AlertmanagerRequests.WebhookPath ? "fired" : "firing";
            Assert.All(mine.Take(firstAccepted + 1), r => Assert.Equal(page, AlertmanagerRequests.Telling(r)));
            Assert.Equal("resolved", AlertmanagerRequests.Telling(accepted[1]));
        }

        var alerts = AlertmanagerRequests.Alerts(requests);
        Assert.Equal([true, false], alerts.Select(a => a.Firing));
        Assert.Equal(AlertmanagerRequests.Instant(Pt.Ns(10)), alerts[0].StartsAt);
        Assert.Equal(AlertmanagerRequests.Instant(Pt.Ns(20)), alerts[1].EndsAt);
        var hooks = AlertmanagerRequests.Webhooks(requests);
        Assert.Equal(["live/1#1", "live/1#2"], hooks.Select(h => h.GetProperty("idempotency_key").GetString()));
        Assert.Equal(["fired", "resolved"], hooks.Select(h => h.GetProperty("kind").GetString()));
        Assert.Equal(["live/1#1", "live/1#2"], requests.Where(r => r.Accepted && r.Path == AlertmanagerRequests.WebhookPath).Select(r => r.IdempotencyKey));
        Assert.Equal(0, engine.RejectedNotifications);
        Assert.Equal(4, engine.DeliveredNotifications);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_until_accepted_once()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.FailNext(3, 429);
        using var http = new HttpClient();
        using var engine = new AlarmEngine(Options(receiver, webhook: false), http);
        engine.Observe(Pt.Trigger(1, 10, 40, 0.5));
        using var cts = new CancellationTokenSource();
        var delivery = engine.RunDeliveryAsync(cts.Token, TimeSpan.FromMilliseconds(50));
        await WaitUntil(() => engine.WaitingNotifications == 0, "the page to be acknowledged");
        await cts.CancelAsync();
        await delivery;

        Assert.Equal([429, 429, 429, 200], receiver.Requests.Select(r => r.Status));
        Assert.Single(AlertmanagerRequests.Alerts(receiver.Requests));
    }

    [Fact]
    public async Task A_4xx_refusal_is_a_permanent_failure_not_retried_and_the_next_notification_still_goes_out()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.FailNext(1, 400);
        using var http = new HttpClient();
        using var engine = new AlarmEngine(Options(receiver, webhook: false), http);
        using var cts = new CancellationTokenSource();
        var delivery = engine.RunDeliveryAsync(cts.Token, TimeSpan.FromMilliseconds(20));

        engine.Observe(Pt.Trigger(1, 10, 40, 0.5));
        await WaitUntil(() => engine.RejectedNotifications == 1, "the refusal");
        await Task.Delay(400); // twenty retry intervals: a retry would show up
        Assert.Single(receiver.Requests);
        Assert.Equal(0, engine.WaitingNotifications);

        engine.Observe(Pt.Trigger(1, 20, 40, 0.99));
        await WaitUntil(() => engine.DeliveredNotifications == 1, "the resolve");
        await cts.CancelAsync();
        await delivery;
        Assert.Equal([400, 200], receiver.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_firing_alert_is_refreshed_with_the_same_identity_until_it_resolves()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        using var http = new HttpClient();
        using var engine = new AlarmEngine(Options(receiver, webhook: false, refreshSeconds: 0.2), http);
        using var cts = new CancellationTokenSource();
        var delivery = engine.RunDeliveryAsync(cts.Token, TimeSpan.FromMilliseconds(20));

        engine.Observe(Pt.Trigger(1, 10, 40, 0.5));
        await receiver.WaitForAsync(r => r.Count >= 3, Patience, "the page and two refreshes");
        engine.Observe(Pt.Trigger(1, 20, 40, 0.99));
        await receiver.WaitForAsync(r => AlertmanagerRequests.Resolves(r) >= 1, Patience, "the resolve");
        var afterResolve = receiver.Requests.Count;
        await Task.Delay(700); // several refresh intervals: a resolved alert is not refreshed
        await cts.CancelAsync();
        await delivery;

        var alerts = AlertmanagerRequests.Alerts(receiver.Requests);
        Assert.Equal(afterResolve, alerts.Count);
        var firing = alerts.Where(a => a.Firing).ToList();
        Assert.True(firing.Count >= 3);
        Assert.All(firing, a =>
        {
            Assert.Equal(firing[0].StartsAt, a.StartsAt);
            Assert.Equal(firing[0].Json.GetProperty("labels").GetRawText(), a.Json.GetProperty("labels").GetRawText());
        });
        Assert.False(alerts[^1].Firing);

        // Each send, the refreshes too, moves endsAt to its own wall clock + expiry: Alertmanager never expires it.
        var expiry = TimeSpan.FromSeconds(MinExpirySeconds);
        Assert.All(firing, a => Assert.InRange(a.EndsAt - a.ReceivedAt, expiry - Patience, expiry));
        Assert.All(firing.Zip(firing.Skip(1)), p => Assert.True(p.Second.EndsAt > p.First.EndsAt, "a refresh did not move endsAt on"));
    }
}

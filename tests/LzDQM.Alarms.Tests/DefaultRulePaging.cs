using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.TestServers;

namespace LzDQM.Alarms.Tests;

/// <summary>Runs a scenario feed through the default rules, the engine and both notifiers to a real receiver.</summary>
internal static class DefaultRulePaging
{
    /// <summary>
    /// Feeds every point, delivers every notification, and returns the transitions and what the
    /// receiver got (Alertmanager under <c>/am</c>, the webhook under <c>/hook</c>); each request accepted.
    /// </summary>
    public static async Task<(List<AlarmTransition> Transitions, IReadOnlyList<ReceivedRequest> Requests)> RunAsync(ScenarioFeed feed)
    {
        await using var receiver = await AlertReceiver.StartAsync();
        using var http = new HttpClient();
        var options = new AlarmOptions
        {
            Rules = [.. DefaultAlarmRules.Create()],
            Alertmanager = { Url = receiver.Url + "/am" },
            Webhook = { Url = receiver.Url + "/hook" },
            DashboardUrl = "http://grafana.example:3000/",
        };
        using var engine = new AlarmEngine(options, http);
        var transitions = feed.FeedTo(engine);
        while (engine.WaitingNotifications > 0)
        {
            await engine.DeliverDueAsync(CancellationToken.None);
        }

        Assert.All(receiver.Requests, r => Assert.True(r.Accepted));
        return (transitions, receiver.Requests);
    }
}

using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;
using Microsoft.Extensions.Hosting;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>The cluster's alarm engine against a receiver that is down for a while.</summary>
public sealed class AlarmPagingTests
{
    [Fact]
    public async Task A_receiver_answering_503_gets_the_page_once_it_recovers_and_not_twice()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.FailUntilRecovered(503);
        await using var cluster = new NodeCluster(partitions: 1);
        var logs = new LogLines("a");
        using var a = AlarmHosts.Start(cluster, "a", FreeTcpPort.Next(), null, receiver.Url, logs);
        await cluster.WaitUntilAsync(() => logs.Contains("Alarm engine started on node a"), "the alarm engine started", 45);

        await cluster.PublishAsync(ReplayData.Records("deadtime-burst"));
        const string alarm = "live-fraction-low/7008";
        await receiver.WaitForAsync(r => r.Count(x => x.Path == WebhookPage.Path && !x.Accepted && x.Body.Contains(alarm, StringComparison.Ordinal)) >= 3, TimeSpan.FromSeconds(60), "three refused attempts to page");
        receiver.Recover();

        await receiver.WaitForAsync(r => WebhookPage.From(r).Any(p => p.AlarmId == alarm && p.Kind == "resolved"), TimeSpan.FromSeconds(30), "the page and the resolve after recovery");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var pages = WebhookPage.From(receiver.Requests).Where(p => p.AlarmId == alarm).ToList();
        Assert.Equal(["fired", "resolved"], pages.Select(p => p.Kind));
        var refusedKeys = receiver.Requests.Where(x => x.Path == WebhookPage.Path && !x.Accepted).Select(x => x.IdempotencyKey).Distinct().ToList();
        Assert.Equal([pages[0].Key], refusedKeys); // the retries were the same notification
        Assert.Equal(2, WebhookPage.AlertmanagerPosts(receiver.Requests).Count(ids => ids.Contains(alarm)));
        await a.StopAsync();
    }
}

using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>
/// The node hosting the alarm-engine singleton goes away while an alarm fires (real <c>lzdqm node</c>
/// processes, a real receiver): the successor restores the replicated state, pages nothing again,
/// and still sends the resolve when the condition clears.
/// </summary>
public sealed class AlarmHandoverTests
{
    private const string Alarm = "live-fraction-low/7008";

    [Fact]
    public async Task A_graceful_stop_of_the_engine_node_mid_alarm_neither_repages_nor_loses_the_resolve()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await using var cluster = Cluster();
        var a = await StartEngineNodeAsync(cluster, receiver);
        var b = cluster.StartNode("b", Flags(cluster, receiver, "b"));
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var (before, after) = SplitMidBurst();
        await cluster.PublishAsync(before);
        await receiver.WaitForAsync(r => WebhookPage.From(r).Any(p => p.AlarmId == Alarm && p.Kind == "fired"), TimeSpan.FromSeconds(60), "page of " + Alarm);

        // The rest of the run (the recovery, the STOP) goes out while the engine moves: what pub-sub
        // drops in the gap reaches the successor through the nodes' catch-up.
        await Task.Delay(500); // let the acknowledgement of the page be replicated (see README: a 2xx lost with its node is resent)
        a.Terminate();
        var publishing = cluster.PublishAsync(after);
        var (code, _) = await a.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, code);
        Assert.True(a.Logged("Alarm engine on node a stopped; its state is replicated"), "the engine wrote its state before handing over:\n" + a.Stderr);
        await cluster.WaitUntilAsync(() => b.Logged("Alarm engine started on node b (state restored from the cluster"), "node b took the engine over with the replicated state", 30);
        await publishing;
        await AssertOnePageAndOneResolveAsync(receiver, cluster);
        Assert.True(b.Logged("Alarm engine caught up with node b"), "the successor asked the nodes for what they published in the gap:\n" + b.Stderr);
    }

    [Fact]
    public async Task A_killed_engine_node_mid_alarm_is_replaced_without_a_second_page_and_the_resolve_still_comes()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await using var cluster = Cluster();
        var a = await StartEngineNodeAsync(cluster, receiver);
        var b = cluster.StartNode("b", Flags(cluster, receiver, "b"));
        var c = cluster.StartNode("c", Flags(cluster, receiver, "c"));
        await cluster.WaitUntilAsync(() => b.OwnedPartitions.Length + c.OwnedPartitions.Length + a.OwnedPartitions.Length == 2 && cluster.Nodes.Count(n => n.OwnedPartitions.Length > 0) == 2, "two nodes own a partition each", 45);

        var (before, after) = SplitMidBurst();
        await cluster.PublishAsync(before);
        await receiver.WaitForAsync(r => WebhookPage.From(r).Any(p => p.AlarmId == Alarm && p.Kind == "fired"), TimeSpan.FromSeconds(60), "page of " + Alarm);

        await Task.Delay(500); // let the acknowledgement of the page be replicated (see README: a 2xx lost with its node is resent)
        a.KillHard();
        await cluster.PublishAsync(after); // into the gap: no engine until the dead node is downed
        await cluster.WaitUntilAsync(() => b.Logged("Alarm engine started on node b (state restored from the cluster") || c.Logged("Alarm engine started on node c (state restored from the cluster"), "a survivor took the engine over with the replicated state", 60);
        await AssertOnePageAndOneResolveAsync(receiver, cluster);
    }

    [Fact]
    public async Task A_page_the_receiver_refused_until_the_engine_moved_is_sent_by_the_successor_once()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.FailUntilRecovered(503);
        await using var cluster = Cluster();
        var a = await StartEngineNodeAsync(cluster, receiver);
        var b = cluster.StartNode("b", Flags(cluster, receiver, "b"));
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var (before, after) = SplitMidBurst();
        await cluster.PublishAsync(before);
        await receiver.WaitForAsync(r => r.Any(x => x.Path == WebhookPage.Path && !x.Accepted && x.Body.Contains(Alarm, StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "a refused attempt to page " + Alarm);

        a.Terminate(); // the page is still in the outbox: the replicated state carries it to b
        Assert.Equal(0, (await a.WaitForExitAsync(TimeSpan.FromSeconds(20))).ExitCode);
        await cluster.WaitUntilAsync(() => b.Logged("Alarm engine started on node b (state restored from the cluster"), "node b took the engine over with the replicated state", 30);
        var recovered = DateTimeOffset.UtcNow;
        receiver.Recover();

        await cluster.PublishAsync(after);
        await AssertOnePageAndOneResolveAsync(receiver, cluster);
        Assert.True(WebhookPage.From(receiver.Requests).First(p => p.AlarmId == Alarm).ReceivedAt >= recovered, "the page was accepted only after the receiver recovered, from node b");
    }

    private static NodeCluster Cluster()
    {
        var cluster = new NodeCluster();
        cluster.Environment["LZDQM__ALARMS__RETRY__INITIALDELAYMS"] = "200";
        cluster.Environment["LZDQM__ALARMS__RETRY__MAXDELAYMS"] = "1000";
        cluster.Environment["LZDQM__NODE__DOWNUNREACHABLEAFTER"] = "00:00:05";
        return cluster;
    }

    // The first node alone, so the alarm engine (a cluster singleton) starts on it.
    private static async Task<NodeProcess> StartEngineNodeAsync(NodeCluster cluster, AlertReceiver receiver)
    {
        var a = cluster.StartNode("a", Flags(cluster, receiver, "a"));
        await cluster.WaitUntilAsync(() => a.Logged("Alarm engine started on node a"), "node a runs the alarm engine", 45);
        return a;
    }

    private static string[] Flags(NodeCluster cluster, AlertReceiver receiver, string node) =>
        ["--lp-out", cluster.PathOf(node + ".lp"), "--alertmanager-url", receiver.Url, "--alarm-webhook-url", receiver.Url + WebhookPage.Path];

    /// <summary>deadtime-burst (live fraction below 0.9 from ~340 s to ~500 s of the run), split at 420 s: firing by then, clear after.</summary>
    private static (List<ReplayRecord> Before, List<ReplayRecord> After) SplitMidBurst()
    {
        var records = ReplayData.Records("deadtime-burst");
        var split = ReplayData.Truth("deadtime-burst").StartTimeNs + 420_000_000_000L;
        return ([.. records.Where(r => r.TimeNs < split)], [.. records.Where(r => r.TimeNs >= split)]);
    }

    private static async Task AssertOnePageAndOneResolveAsync(AlertReceiver receiver, NodeCluster cluster)
    {
        await receiver.WaitForAsync(r => WebhookPage.From(r).Any(p => p.AlarmId == Alarm && p.Kind == "resolved"), TimeSpan.FromSeconds(60), "resolve of " + Alarm);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate would arrive by now
        var pages = WebhookPage.From(receiver.Requests).Where(p => p.AlarmId == Alarm).ToList();
        Assert.Equal(["fired", "resolved"], pages.Select(p => p.Kind));
        Assert.Equal(2, WebhookPage.AlertmanagerPosts(receiver.Requests).Count(ids => ids.Contains(Alarm)));
        Assert.DoesNotContain(WebhookPage.From(receiver.Requests), p => p.Run == 7008 && p.AlarmId != Alarm);

        // The sinks hold the alarm's firing and its resolve as dqm_alarm points.
        var states = cluster.Nodes.Select(n => cluster.PathOf(n.Name + ".lp")).Where(File.Exists)
            .SelectMany(f =>
            {
                using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return new StreamReader(s).ReadToEnd().Split('\n');
            })
            .Where(l => l.StartsWith("dqm_alarm,alarm=live-fraction-low,run=7008,", StringComparison.Ordinal))
            .Select(l => LineProtocolReader.ParseLine(l)!)
            .OrderBy(p => p.TimestampNs)
            .Select(p => p.Field("state")!.Value.AsDouble())
            .Distinct()
            .ToList();
        Assert.Equal([2.0, 0.0], states); // firing at the first window below 0.9 (no pending time), then ok
    }
}

using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;
using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests;

/// <summary>InfluxDB or a Kafka broker going away mid-replay loses nothing.</summary>
public sealed class OutageTests(ReferenceReplay replay) : IClassFixture<ReferenceReplay>
{
    [Fact]
    public async Task InfluxDB_down_for_30_s_loses_nothing_and_the_group_commits_nothing_unwritten_meanwhile()
    {
        await using var influx = await InfluxDb1Server.StartNewAsync();
        await influx.CreateDatabaseAsync("lzdqm");
        await using var cluster = new NodeCluster();
        cluster.Environment["LZDQM__DESTINATIONS__DELIVERY__MAXBACKOFF"] = "00:00:01";
        string[] destination = ["--influx-v1-url", influx.Url, "--influx-db", "lzdqm"];
        cluster.StartNode("a", destination);
        cluster.StartNode("b", destination);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var publishing = cluster.PublishAsync(replay.Records, speed: 6);
        await cluster.WaitUntilAsync(async () => (await StoredPoints.FromInfluxAsync(influx, "lzdqm")).Count >= 20, "the first points are in InfluxDB", 40);
        await influx.StopAsync();
        var outage = System.Diagnostics.Stopwatch.StartNew();

        using var watcher = CommittedOffsets(cluster);
        await Task.Delay(TimeSpan.FromSeconds(6));
        var early = Committed(watcher);
        await Task.Delay(TimeSpan.FromSeconds(30) - outage.Elapsed - TimeSpan.FromSeconds(1));
        var late = Committed(watcher);
        var consumedDuringOutage = HighWatermarks(watcher, late.Keys).Any(kv => kv.Value > late[kv.Key]);
        await influx.StartAsync();

        Assert.True(early.Count > 0, "the group had committed offsets before the outage");
        Assert.Equal(early, late);
        Assert.True(consumedDuringOutage, "data past the committed offsets existed during the outage (the pipeline had something to hold back)");
        await publishing;
        await cluster.WaitUntilAsync(async () => (await StoredPoints.FromInfluxAsync(influx, "lzdqm")).Count >= replay.Expected.Count, "every reference point is in InfluxDB", 60);
        StoredPoints.AssertEqualsReference(replay.Expected, await StoredPoints.FromInfluxAsync(influx, "lzdqm"));
        var retries = await influx.QueryAsync("lzdqm", "SELECT max(write_retries) FROM dqm_node");
        Assert.True(retries.Single().Rows[0][1].GetDouble() > 0, "dqm_node counted the failed writes as retries");
    }

    [Fact]
    public async Task A_broker_down_and_up_mid_replay_loses_nothing()
    {
        await using var cluster = new NodeCluster(brokers: 3);
        var files = new[] { cluster.PathOf("a.lp"), cluster.PathOf("b.lp") };
        cluster.StartNode("a", "--lp-out", files[0]);
        cluster.StartNode("b", "--lp-out", files[1]);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var publishing = cluster.PublishAsync(replay.Records, speed: 12);
        await FailoverTests.RunOwnerAfterCheckpointsAsync(cluster, checkpoints: 1);
        cluster.Broker.SetBrokerDown(1);
        await Task.Delay(TimeSpan.FromSeconds(6));
        cluster.Broker.SetBrokerUp(1);

        await publishing;
        await cluster.WaitUntilAsync(() => StoredPoints.FromFiles(files).Count >= replay.Expected.Count, "every reference point is in the files", 60);
        StoredPoints.AssertFilesEqualReference(replay.Expected, StoredPoints.FromFiles(files));
    }

    private static IConsumer<byte[], byte[]> CommittedOffsets(NodeCluster cluster)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        return new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.Broker.BootstrapServers, GroupId = cluster.Group, EnableAutoCommit = false })
            .SetLogHandler((_, _) => { })
            .Build();
    }

    private static Dictionary<TopicPartition, long> Committed(IConsumer<byte[], byte[]> consumer)
    {
        var tps = new[] { Topics.Triggers, Topics.Pulses, Topics.Runs }.SelectMany(t => new[] { new TopicPartition(t, 0), new TopicPartition(t, 1) });
        return consumer.Committed(tps, TimeSpan.FromSeconds(10)).Where(c => c.Offset.Value >= 0).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
    }

    private static Dictionary<TopicPartition, long> HighWatermarks(IConsumer<byte[], byte[]> consumer, IEnumerable<TopicPartition> tps) =>
        tps.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
}

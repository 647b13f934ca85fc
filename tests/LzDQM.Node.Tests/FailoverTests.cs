using LzDQM.Contracts.Metrics;
using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests;

/// <summary>A node that dies (SIGKILL) or is stopped (SIGTERM) mid-replay is replaced by the other, with nothing lost.</summary>
public sealed class FailoverTests(ReferenceReplay replay) : IClassFixture<ReferenceReplay>
{
    [Fact]
    public async Task A_node_killed_mid_replay_is_replaced_and_InfluxDB_ends_with_exactly_the_reference_points()
    {
        await using var influx = await InfluxDb1Server.StartNewAsync();
        await influx.CreateDatabaseAsync("lzdqm");
        await using var cluster = new NodeCluster();
        string[] destination = ["--influx-v1-url", influx.Url, "--influx-db", "lzdqm"];
        cluster.StartNode("a", destination);
        cluster.StartNode("b", destination);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var publishing = cluster.PublishAsync(replay.Records, speed: 12);
        var (victim, partition) = await RunOwnerAfterCheckpointsAsync(cluster, checkpoints: 2);
        var survivor = cluster.Nodes.Single(n => n != victim);
        victim.KillHard();

        await cluster.WaitUntilAsync(() => survivor.OwnedPartitions.Contains(partition), "the survivor owns the dead node's partition", 45);
        await publishing;
        await cluster.WaitUntilAsync(async () => (await StoredPoints.FromInfluxAsync(influx, "lzdqm")).Count >= replay.Expected.Count, "every reference point is in InfluxDB", 60);
        await cluster.WaitUntilAsync(() => survivor.Logged("restored from a checkpoint"), "the survivor restored the partition from its checkpoint", 20);

        StoredPoints.AssertEqualsReference(replay.Expected, await StoredPoints.FromInfluxAsync(influx, "lzdqm"));
    }

    [Fact]
    public async Task A_node_ends_within_10_s_of_SIGTERM_with_exit_code_0_and_its_partition_moves_without_loss()
    {
        await using var cluster = new NodeCluster();
        var files = new[] { cluster.PathOf("a.lp"), cluster.PathOf("b.lp") };
        cluster.StartNode("a", "--lp-out", files[0]);
        cluster.StartNode("b", "--lp-out", files[1]);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var publishing = cluster.PublishAsync(replay.Records, speed: 12);
        var (leaving, partition) = await RunOwnerAfterCheckpointsAsync(cluster, checkpoints: 2);
        var staying = cluster.Nodes.Single(n => n != leaving);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        leaving.Terminate();
        var (exitCode, _) = await leaving.WaitForExitAsync(TimeSpan.FromSeconds(20));
        var took = clock.Elapsed;

        Assert.Equal(0, exitCode);
        Assert.True(took < TimeSpan.FromSeconds(10), $"the node took {took.TotalSeconds:F1} s to stop");
        Assert.True(leaving.Logged("stopped its pipeline"), "the node stopped its pipeline gracefully:\n" + leaving.Stderr);
        await cluster.WaitUntilAsync(() => staying.OwnedPartitions.Contains(partition), "the other node owns the partition", 30);
        await publishing;
        await cluster.WaitUntilAsync(() => StoredPoints.FromFiles(files).Count >= replay.Expected.Count, "every reference point is in the files", 60);

        // Whatever both nodes wrote for a window (the overlap re-read after the hand-over) is identical.
        var lines = files.SelectMany(f => File.ReadAllLines(f)).Where(l => l.Length > 0 && !l.StartsWith("dqm_node,", StringComparison.Ordinal)).ToList();
        Assert.All(lines, l => Assert.Equal(LineProtocol.Format(replay.Expected[PointKey.OfLine(l)]), l));
        StoredPoints.AssertFilesEqualReference(replay.Expected, StoredPoints.FromFiles(files));
    }

    /// <summary>Waits until the node owning the run's partition has checkpointed it <paramref name="checkpoints"/> times.</summary>
    internal static async Task<(NodeProcess Owner, int Partition)> RunOwnerAfterCheckpointsAsync(NodeCluster cluster, int checkpoints)
    {
        NodeProcess? owner = null;
        var partition = -1;
        await cluster.WaitUntilAsync(
            () =>
            {
                foreach (var node in cluster.Nodes.Where(n => !n.HasExited))
                {
                    foreach (var p in node.OwnedPartitions)
                    {
                        if (node.CheckpointsOf(p) >= checkpoints)
                        {
                            (owner, partition) = (node, p);
                            return true;
                        }
                    }
                }

                return false;
            },
            $"the run's partition was checkpointed {checkpoints} times",
            45);
        return (owner!, partition);
    }
}

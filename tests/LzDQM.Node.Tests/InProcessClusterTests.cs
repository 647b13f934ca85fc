using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Cluster;
using LzDQM.Node.Tests.Support;
using LzDQM.Sinks;
using LzDQM.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Tests;

/// <summary>
/// The composition the demo uses: two <see cref="DqmNodeHosting.AddDqmNode"/> hosts in one process, talking
/// over real remoting. Every point crosses the cluster on the pub-sub topic, and each node sees who owns what.
/// </summary>
public sealed class InProcessClusterTests(ReferenceReplay replay) : IClassFixture<ReferenceReplay>
{
    [Fact]
    public async Task Every_point_of_both_nodes_reaches_a_pub_sub_subscriber_and_the_ownership_view_shows_both_nodes()
    {
        await using var cluster = new NodeCluster();
        var seedPort = FreeTcpPort.Next();
        using var a = Host(cluster, "a", seedPort, seed: null);
        await a.StartAsync();
        using var b = Host(cluster, "b", FreeTcpPort.Next(), seed: new NodeOptions { Port = seedPort }.SelfAddress);
        await b.StartAsync();

        var received = new System.Collections.Concurrent.ConcurrentQueue<MetricPointBatch>();
        var systemB = b.Services.GetRequiredService<ActorSystem>();
        var subscriber = systemB.ActorOf(Props.Create(() => new Collector(received)));
        DistributedPubSub.Get(systemB).Mediator.Tell(new Subscribe(ClusterTopics.MetricPoints, subscriber));
        var table = b.Services.GetRequiredService<PartitionOwnershipTable>();
        await cluster.WaitUntilAsync(() => table.Current.ByNode.Count == 2 && table.Current.Assignments.Count() == 2 && table.Current.ByNode.Values.All(o => o.Partitions.Length == 1), "node b's view shows a and b owning one partition each", 60);

        var owners = await systemB.ActorSelection("/user/partition-ownership").Ask<PartitionOwners>(GetPartitionOwners.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(["a", "b"], owners.ByNode.Keys);

        await cluster.PublishAsync(replay.Records);
        await cluster.WaitUntilAsync(() => Kernel(received).Count >= replay.Expected.Count, "every reference point arrived on the pub-sub topic", 60);
        StoredPoints.AssertFilesEqualReference(replay.Expected, Kernel(received));
        await cluster.WaitUntilAsync(() => received.Any(m => m.Node == "a" && m.Lines.Any(l => l.StartsWith("dqm_node,", StringComparison.Ordinal))), "node a's dqm_node arrived at node b", 20);

        await b.StopAsync();
        await a.StopAsync();
    }

    private static SortedDictionary<string, string> Kernel(IEnumerable<MetricPointBatch> batches)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in batches.SelectMany(m => m.Lines).Where(l => !l.StartsWith("dqm_node,", StringComparison.Ordinal)))
        {
            map[PointKey.OfLine(line)] = line;
        }

        return map;
    }

    private static IHost Host(NodeCluster cluster, string name, int port, string? seed)
    {
        var settings = new DqmNodeSettings
        {
            NodeName = name,
            CheckpointInterval = TimeSpan.FromSeconds(1),
            NodeMetricsInterval = TimeSpan.FromSeconds(1),
            OwnershipInterval = TimeSpan.FromSeconds(1),
        };
        settings.Node.Port = port;
        if (seed is not null)
        {
            settings.Node.SeedNodes.Add(seed);
        }

        settings.Intake.BootstrapServers = cluster.Broker.BootstrapServers;
        settings.Intake.GroupId = cluster.Group;
        settings.Intake.SessionTimeout = TimeSpan.FromSeconds(6);
        settings.Destinations.LineProtocolFile = new LineProtocolFileOptions { Path = cluster.PathOf(name + ".lp") };
        settings.Destinations.Delivery.FlushInterval = TimeSpan.FromMilliseconds(100);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDqmNode(settings);
        return builder.Build();
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(System.Collections.Concurrent.ConcurrentQueue<MetricPointBatch> received)
        {
            Receive<MetricPointBatch>(received.Enqueue);
            Receive<SubscribeAck>(_ => { });
        }
    }
}

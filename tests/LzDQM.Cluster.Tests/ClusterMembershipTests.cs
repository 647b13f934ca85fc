using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LzDQM.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LzDQM.Cluster.Tests;

public class ClusterMembershipTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static IHost Node(int port, string? seed)
    {
        var options = new NodeOptions { Port = port, SeedNodes = seed is null ? [] : [seed] };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLzdqmNode(options);
        return builder.Build();
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_nodes_form_a_cluster_and_a_stopped_node_leaves_gracefully()
    {
        var seedPort = FreePort();
        using var first = Node(seedPort, seed: null);
        await first.StartAsync();
        var seed = new NodeOptions { Port = seedPort }.SelfAddress;
        using var second = Node(FreePort(), seed);
        await second.StartAsync();

        var firstCluster = Akka.Cluster.Cluster.Get(first.Services.GetRequiredService<ActorSystem>());
        await WaitUntil(() => firstCluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 2, TimeSpan.FromSeconds(30), "both nodes are Up");
        Assert.All(firstCluster.State.Members, m => Assert.Contains(NodeRoles.Dqm, m.Roles));

        await second.StopAsync();
        // A graceful leave is seen as Removed, not Unreachable, well before the failure detector would fire.
        await WaitUntil(() => firstCluster.State.Members.Count == 1, TimeSpan.FromSeconds(10), "the stopped node was removed");
        Assert.Empty(firstCluster.State.Unreachable);
        await first.StopAsync();
    }
}

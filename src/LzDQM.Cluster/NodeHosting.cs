using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LzDQM.Cluster;

/// <summary>Wires an LzDQM node's actor system: remoting, clustering with the split-brain resolver, pub-sub.</summary>
public static class NodeHosting
{
    /// <summary>
    /// Adds the node's actor system to <paramref name="services"/>. The host's stop (SIGTERM, Ctrl-C,
    /// <c>IHost.StopAsync</c>) runs Akka's coordinated shutdown, which leaves the cluster gracefully,
    /// so other nodes take over this node's partitions without waiting for the failure detector.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">Where to listen and whom to join.</param>
    /// <param name="configure">Further wiring (actors, singletons) of the caller.</param>
    public static IServiceCollection AddLzdqmNode(this IServiceCollection services, NodeOptions options, Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        var seeds = options.SeedNodes.Count > 0 ? options.SeedNodes.ToArray() : [options.SelfAddress];
        return services.AddAkka(options.ClusterName, (builder, provider) =>
        {
            builder
                .WithRemoting(new RemoteOptions
                {
                    HostName = options.Hostname,
                    PublicHostName = options.PublicHostname ?? options.Hostname,
                    Port = options.Port,
                })
                .WithClustering(new ClusterOptions
                {
                    SeedNodes = seeds,
                    Roles = options.Roles.ToArray(),
                    // Keep-majority: on a partition the smaller side downs itself, so two halves never
                    // both consume the same Kafka partitions.
                    SplitBrainResolver = new KeepMajorityOption(),
                })
                .WithDistributedPubSub(NodeRoles.Dqm);
            if (options.DownUnreachableAfter is { } after)
            {
                var ms = (long)after.TotalMilliseconds;
                builder.AddHocon($"akka.cluster.split-brain-resolver.stable-after = {ms.ToString(System.Globalization.CultureInfo.InvariantCulture)}ms", HoconAddMode.Prepend);
            }
            configure?.Invoke(builder, provider);
        });
    }
}

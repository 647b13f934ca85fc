using Akka.Hosting;
using LzDQM.Cluster;
using LzDQM.Node.Alarms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LzDQM.Node;

/// <summary>Composes a whole DQM node on a generic host: actor system (remoting, cluster, SBR, pub-sub), ownership view, pipeline service.</summary>
public static class DqmNodeHosting
{
    /// <summary>
    /// Adds one DQM node to <paramref name="services"/>: the actor system of <see cref="NodeHosting.AddLzdqmNode"/>
    /// with Akka's logs routed to Microsoft.Extensions.Logging, a <see cref="PartitionOwnershipView"/>
    /// actor (registered in the <c>ActorRegistry</c> under its type) mirrored into the
    /// <see cref="PartitionOwnershipTable"/> singleton, and the <see cref="DqmNodeService"/> hosted service
    /// (also resolvable as itself). Registered after the actor system, the service starts after it
    /// and stops before it: the pipeline lets go of its partitions, then the node leaves the cluster.
    /// Throws <see cref="ArgumentException"/> with a one-line reason on unusable settings.
    /// </summary>
    public static IServiceCollection AddDqmNode(this IServiceCollection services, DqmNodeSettings settings, Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        settings.Validate();
        var table = new PartitionOwnershipTable();
        var recent = new RecentPublications();
        services.AddSingleton(settings);
        services.AddSingleton(table);
        services.AddSingleton(recent);
        services.AddSingleton<NodePointDelivery>();
        services.AddSingleton(_ => new AlarmPager(settings.Alarms));
        services.AddLzdqmNode(settings.Node, (builder, provider) =>
        {
            builder.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            // Point batches published while no alarm engine subscribes are normal, not worth a log line each.
            builder.AddHocon("akka.log-dead-letters = off\nakka.log-dead-letters-during-shutdown = off", HoconAddMode.Prepend);
            var expiry = settings.OwnershipInterval * 4;
            builder.WithActors((system, registry) =>
            {
                registry.Register<PartitionOwnershipView>(system.ActorOf(PartitionOwnershipView.Props(table, expiry), "partition-ownership"));
                system.ActorOf(AlarmCatchUpResponder.Props(recent, () => provider.GetRequiredService<DqmNodeService>().NodeName), "alarm-catch-up");
                if (settings.AlarmEngine.Enabled)
                {
                    // Every node runs a replicator, so the engine's majority writes reach a majority.
                    _ = Akka.DistributedData.DistributedData.Get(system);
                }
            });
            if (settings.AlarmEngine.Enabled)
            {
                var loggers = provider.GetRequiredService<ILoggerFactory>();
                var pager = provider.GetRequiredService<AlarmPager>();
                builder.WithAlarmEngine(new AlarmEngineServices(
                    settings.Alarms,
                    settings.AlarmEngine,
                    provider.GetRequiredService<NodePointDelivery>(),
                    pager,
                    table,
                    () => provider.GetRequiredService<DqmNodeService>().NodeName,
                    loggers));
            }

            configure?.Invoke(builder, provider);
        });
        services.AddSingleton<DqmNodeService>();
        services.AddHostedService(sp => sp.GetRequiredService<DqmNodeService>());
        return services;
    }
}

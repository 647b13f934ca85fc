using Akka.Cluster.Hosting;
using Akka.Hosting;
using LzDQM.Cluster;

namespace LzDQM.Node.Alarms;

/// <summary>Hosts the <see cref="AlarmEngineActor"/> as a cluster singleton (with a proxy) on every DQM node.</summary>
public static class AlarmEngineHosting
{
    /// <summary>Name of the singleton (manager at <c>/user/alarm-engine</c>, the engine below it).</summary>
    public const string SingletonName = "alarm-engine";

    /// <summary>
    /// Adds the singleton manager and a proxy (in the <c>ActorRegistry</c> under <see cref="AlarmEngineActor"/>)
    /// on nodes of role <see cref="NodeRoles.Dqm"/>. The oldest such node runs the engine; when it leaves,
    /// the engine gets <see cref="StopAlarmEngine"/> and hands over after writing its state.
    /// </summary>
    public static AkkaConfigurationBuilder WithAlarmEngine(this AkkaConfigurationBuilder builder, AlarmEngineServices services) =>
        builder.WithSingleton<AlarmEngineActor>(
            SingletonName,
            AlarmEngineActor.Props(services),
            new ClusterSingletonOptions
            {
                Role = NodeRoles.Dqm,
                TerminationMessage = StopAlarmEngine.Instance,

                // Akka 1.5.73's proxy fires its "failed to find the singleton after 30 seconds" timer
                // with no initial delay, i.e. at every start: a false warning on every node.
                LogSingletonIdentificationFailure = false,
            },
            createProxyToo: true);
}

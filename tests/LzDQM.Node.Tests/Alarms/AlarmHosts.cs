using LzDQM.Alarms.Rules;
using LzDQM.Cluster;
using LzDQM.Node.Tests.Support;
using LzDQM.Sinks;
using LzDQM.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>In-process DQM nodes (the demo's composition) on a <see cref="NodeCluster"/>'s broker, paging a receiver.</summary>
public static class AlarmHosts
{
    /// <summary>
    /// A node named <paramref name="name"/>; the first (no <paramref name="seedPort"/>) is the seed. Points go to
    /// <c>{name}.lp</c> in the cluster's directory and, with <paramref name="influxV1Url"/>, to database lzdqm there too.
    /// </summary>
    public static IHost Start(NodeCluster cluster, string name, int port, int? seedPort, string receiverUrl, ILoggerProvider? logs = null, string? influxV1Url = null, Action<DqmNodeSettings>? configure = null)
    {
        var settings = new DqmNodeSettings
        {
            NodeName = name,
            CheckpointInterval = TimeSpan.FromSeconds(1),
            NodeMetricsInterval = TimeSpan.FromSeconds(2),
            OwnershipInterval = TimeSpan.FromSeconds(1),
        };
        settings.Node.Port = port;
        if (seedPort is { } seed)
        {
            settings.Node.SeedNodes.Add(new NodeOptions { Port = seed }.SelfAddress);
        }

        settings.Intake.BootstrapServers = cluster.Broker.BootstrapServers;
        settings.Intake.GroupId = cluster.Group;
        settings.Intake.SessionTimeout = TimeSpan.FromSeconds(6);
        settings.Destinations.LineProtocolFile = new LineProtocolFileOptions { Path = cluster.PathOf(name + ".lp") };
        settings.Destinations.Delivery.FlushInterval = TimeSpan.FromMilliseconds(100);
        if (influxV1Url is not null)
        {
            settings.Destinations.InfluxV1 = new InfluxV1Options { Url = influxV1Url, Database = "lzdqm" };
        }

        settings.Alarms.Alertmanager.Url = receiverUrl;
        settings.Alarms.Webhook.Url = receiverUrl.TrimEnd('/') + "/webhook";
        settings.Alarms.Retry = new PagingRetryOptions { InitialDelayMs = 200, MaxDelayMs = 1000, RequestTimeoutMs = 3000 };
        settings.AlarmEngine.StateTimeout = TimeSpan.FromSeconds(2);
        configure?.Invoke(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Akka", LogLevel.Warning);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddDqmNode(settings);
        var host = builder.Build();
        host.Start();
        return host;
    }
}

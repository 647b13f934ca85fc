using Akka.Hosting;
using LzDQM.Node;
using LzDQM.Sinks;
using LzDQM.Stages.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LzDQM.Cli.Demo;

/// <summary>
/// One cluster node of the demo, composed exactly as <c>lzdqm node</c> composes it
/// (<see cref="DqmNodeHosting.AddDqmNode"/> on a generic host), but in this process, on a free
/// loopback port, writing its points to its own line-protocol file. Start and stop from one thread.
/// </summary>
internal sealed class DemoNode : IAsyncDisposable
{
    private readonly IHost _host;

    private DemoNode(string name, int port, string pointsPath, IHost host)
    {
        Name = name;
        Port = port;
        PointsPath = pointsPath;
        _host = host;
        Service = host.Services.GetRequiredService<DqmNodeService>();
        Ownership = host.Services.GetRequiredService<PartitionOwnershipTable>();
    }

    /// <summary>Node name (in <c>dqm_node</c> and the ownership view).</summary>
    public string Name { get; }

    /// <summary>Remoting port.</summary>
    public int Port { get; }

    /// <summary>This node's line-protocol file.</summary>
    public string PointsPath { get; }

    /// <summary>The node's pipeline service (pipeline, delivery).</summary>
    public DqmNodeService Service { get; }

    /// <summary>The cluster-wide partition ownership as this node sees it.</summary>
    public PartitionOwnershipTable Ownership { get; }

    /// <summary>The address other nodes seed on.</summary>
    public string Address => $"akka.tcp://lzdqm@127.0.0.1:{Port}";

    /// <summary>Starts a node; <paramref name="seed"/> null makes it the cluster's first seed.</summary>
    public static async Task<DemoNode> StartAsync(string name, string bootstrap, string group, string pointsPath, string? seed, ILoggerProvider logs, CancellationToken cancellationToken)
    {
        var port = LoopbackPort.Free();
        var settings = new DqmNodeSettings
        {
            NodeName = name,
            Node = { Hostname = "127.0.0.1", Port = port, SeedNodes = seed is null ? [] : [seed] },
            Intake = new IntakeOptions { BootstrapServers = bootstrap, GroupId = group, SessionTimeout = TimeSpan.FromSeconds(6) },
            Destinations = new MetricDestinations
            {
                LineProtocolFile = new LineProtocolFileOptions { Path = pointsPath },
                Delivery = new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(200) },
            },
            CheckpointInterval = TimeSpan.FromSeconds(2),
            NodeMetricsInterval = TimeSpan.FromSeconds(5),
            OwnershipInterval = TimeSpan.FromSeconds(1),
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(8));
        // Akka prints to stdout while its actor system stops (at its log level), which would tear the
        // live view: the demo's nodes keep Akka's own chatter to warnings (the nodes' logs stay at info).
        builder.Services.AddDqmNode(settings, (akka, _) => akka.ConfigureLoggers(l => l.LogLevel = Akka.Event.LogLevel.WarningLevel));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new DemoNode(name, port, pointsPath, host);
    }

    /// <summary>Graceful stop: points flushed, offsets committed, consumer group and cluster left.</summary>
    public Task StopAsync() => _host.StopAsync(CancellationToken.None);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}

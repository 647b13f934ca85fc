using System.Diagnostics;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kafka;
using LzDQM.Kernel;
using LzDQM.Node;
using LzDQM.Simulation;
using LzDQM.Sinks;
using LzDQM.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// A real influxd 1.6.7 filled by the real pipeline: the purity-loss scenario (30 min of a Kr-83m run whose
/// electron lifetime falls from 8 to 2 ms) is published to the embedded Kafka broker and consumed by a
/// two-node in-process LzDQM cluster (the composition the demo uses) writing through the InfluxDB v1 API,
/// so the database holds every kernel measurement of SPEC §3 and both nodes' <c>dqm_node</c> points.
/// Filled once per test collection.
/// </summary>
public sealed class PipelineFilledInflux : IAsyncLifetime, IAsyncDisposable
{
    public const string Database = "lzdqm";
    public const string Scenario = "purity-loss";
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(30);

    private readonly List<IHost> _nodes = [];
    private EmbeddedKafkaBroker? _broker;

    public InfluxDb1Server Influx { get; private set; } = null!;

    /// <summary>The simulated run number.</summary>
    public string Run { get; private set; } = "";

    /// <summary>Names the nodes write in dqm_node.</summary>
    public IReadOnlyList<string> NodeNames { get; } = ["dqm-a", "dqm-b"];

    /// <summary>Event time of the first and last trigger of the replay.</summary>
    public DateTimeOffset EventStart { get; private set; }

    public DateTimeOffset EventEnd { get; private set; }

    /// <summary>Wall-clock span in which the nodes ran (dqm_node points carry wall-clock time).</summary>
    public DateTimeOffset NodesStarted { get; private set; }

    public DateTimeOffset NodesStopped { get; private set; }

    /// <summary>Kernel points the reference kernel computes from the replay (distinct series and time).</summary>
    public int ExpectedKernelPoints { get; private set; }

    /// <summary>What the database holds after the fill.</summary>
    public InfluxSchema Schema { get; private set; } = null!;

    public TimeSpan FillTook { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        Influx = await InfluxDb1Server.StartNewAsync();
        await Influx.CreateDatabaseAsync(Database);

        var records = new DetectorSimulator(ScenarioCatalog.Get(Scenario), seed: 17, Duration).Records().ToList();
        Run = System.Text.Encoding.ASCII.GetString(records.First(r => r.Topic == ReplayTopic.Triggers).Key);
        var expected = ReferencePoints(records);
        ExpectedKernelPoints = expected.Values.Sum();
        var times = records.Where(r => r.Topic == ReplayTopic.Triggers).Select(r => r.TimeNs).ToList();
        EventStart = DateTimeOffset.FromUnixTimeMilliseconds(times.Min() / 1_000_000);
        EventEnd = DateTimeOffset.FromUnixTimeMilliseconds(times.Max() / 1_000_000);

        _broker = new EmbeddedKafkaBroker(new EmbeddedKafkaBrokerOptions { PartitionsPerTopic = 2 });
        var group = "lzdqm-dashboards-" + Guid.NewGuid().ToString("N")[..8];
        NodesStarted = DateTimeOffset.UtcNow;
        var seedPort = FreeTcpPort.Next();
        _nodes.Add(NodeHost(NodeNames[0], seedPort, null, group));
        await _nodes[0].StartAsync();
        _nodes.Add(NodeHost(NodeNames[1], FreeTcpPort.Next(), new LzDQM.Cluster.NodeOptions { Port = seedPort }.SelfAddress, group));
        await _nodes[1].StartAsync();
        var services = _nodes.Select(n => n.Services.GetRequiredService<DqmNodeService>()).ToList();
        await WaitUntilAsync(() => Task.FromResult(services.All(s => s.Pipeline?.OwnedPartitions.Count == 1)), "each node owns one partition", 60);

        var summary = await Task.Run(() => new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = _broker.BootstrapServers, ConsumerGroups = [group] }).Publish(records))
            .WaitAsync(TimeSpan.FromSeconds(90));
        if (summary.Records != records.Count)
        {
            throw new InvalidOperationException($"published {summary.Records} of {records.Count} records");
        }

        await WaitUntilAsync(
            async () =>
            {
                foreach (var (measurement, count) in expected)
                {
                    if (await RowsAsync(measurement) < count)
                    {
                        return false;
                    }
                }

                var nodes = await Influx.QueryAsync(Database, "SELECT count(\"events_s\") FROM \"dqm_node\" GROUP BY \"node\"");
                return nodes.Count == NodeNames.Count && nodes.All(s => s.Rows[0][1].GetInt64() >= 3);
            },
            "every reference point and three dqm_node points of each node are in InfluxDB",
            90);

        foreach (var node in _nodes)
        {
            await node.StopAsync();
        }

        NodesStopped = DateTimeOffset.UtcNow;
        Schema = await InfluxSchema.ReadAsync(Influx, Database);
        FillTook = clock.Elapsed;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (Influx is not null)
        {
            await Influx.DisposeAsync();
        }
    }

    /// <summary>Distinct (series, time) points per measurement the reference kernel computes, as InfluxDB stores them.</summary>
    private static Dictionary<string, int> ReferencePoints(IEnumerable<ReplayRecord> records)
    {
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        foreach (var r in records)
        {
            kernel.OnRecord(r);
        }

        return points
            .Select(p => (p.Measurement, Key: LineProtocol.Format(p).Split(' ')[0] + "@" + p.TimestampNs))
            .Distinct()
            .GroupBy(p => p.Measurement, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private async Task<int> RowsAsync(string measurement) =>
        (await Influx.QueryAsync(Database, $"SELECT * FROM \"{measurement}\"")).Sum(s => s.Rows.Count);

    private IHost NodeHost(string name, int port, string? seed, string group)
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

        settings.Intake.BootstrapServers = _broker!.BootstrapServers;
        settings.Intake.GroupId = group;
        settings.Intake.SessionTimeout = TimeSpan.FromSeconds(6);
        settings.Destinations.InfluxV1 = new InfluxV1Options { Url = Influx.Url, Database = Database };
        settings.Destinations.Delivery.FlushInterval = TimeSpan.FromMilliseconds(100);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDqmNode(settings);
        return builder.Build();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {seconds} s waiting until {what}");
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>The tests that share one pipeline-filled InfluxDB.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineFilledInfluxCollection : ICollectionFixture<PipelineFilledInflux>
{
    public const string Name = "pipeline-filled influxd";
}

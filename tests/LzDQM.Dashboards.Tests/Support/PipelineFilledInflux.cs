using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Cluster;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
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
/// The points the nodes publish on the cluster's metric-points topic (what the alarm singleton hears)
/// go through the alarm engine's evaluator with the default rules, and its transitions are written as
/// <c>dqm_alarm</c> through the same InfluxDB v1 sink. Filled once per test collection.
/// </summary>
public sealed class PipelineFilledInflux : IAsyncLifetime, IAsyncDisposable
{
    public const string Database = "lzdqm";
    public const string Scenario = "purity-loss";
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(30);

    private readonly List<IHost> _nodes = [];
    private readonly ConcurrentQueue<MetricPointBatch> _published = new();
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

    /// <summary>What the alarm evaluator made of the published points, in order.</summary>
    public IReadOnlyList<AlarmTransition> AlarmTransitions { get; private set; } = [];

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
        _nodes.Add(NodeHost(NodeNames[1], FreeTcpPort.Next(), new NodeOptions { Port = seedPort }.SelfAddress, group));
        await _nodes[1].StartAsync();
        for (var i = 0; i < _nodes.Count; i++)
        {
            await SubscribeToOwnPointsAsync(_nodes[i], NodeNames[i]);
        }
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
        AlarmTransitions = Evaluate(records, _published);
        await using (var sink = new InfluxV1Sink(new InfluxV1Options { Url = Influx.Url, Database = Database }))
        {
            await sink.WriteAsync([.. AlarmTransitions.Select(t => t.ToPoint())], CancellationToken.None);
        }

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

    /// <summary>
    /// The alarm evaluator over the published kernel points, in the order each node published them, with the
    /// run's mode from run control (START before, STOP after the points, as the singleton hears them).
    /// </summary>
    private static List<AlarmTransition> Evaluate(IReadOnlyList<ReplayRecord> records, IEnumerable<MetricPointBatch> published)
    {
        var evaluator = new AlarmEvaluator(DefaultAlarmRules.Create());
        var controls = records.Where(r => r.Topic == ReplayTopic.Runs)
            .Select(r => r.Encoding == WireEncoding.Json ? RunControl.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(r.Value)) : RunControl.Parser.ParseFrom(r.Value))
            .ToList();
        var transitions = new List<AlarmTransition>();
        foreach (var start in controls.Where(c => c.Transition == RunControl.Types.Transition.Start))
        {
            evaluator.SetRunMode(start.Run, start.Mode);
        }

        foreach (var line in published.SelectMany(b => b.Lines).Where(l => !l.StartsWith(NodeHealthSample.Measurement + ",", StringComparison.Ordinal)))
        {
            transitions.AddRange(evaluator.Observe(LineProtocolReader.ParseLine(line)!));
        }

        foreach (var stop in controls.Where(c => c.Transition == RunControl.Types.Transition.Stop))
        {
            transitions.AddRange(evaluator.EndRun(stop.Run, stop.TimeNs));
        }

        return transitions;
    }

    /// <summary>
    /// Collects the batches a node publishes on the metric-points topic, through a subscriber on that node:
    /// its own mediator delivers them at once and in order, without waiting for the subscription to gossip.
    /// </summary>
    private async Task SubscribeToOwnPointsAsync(IHost node, string name)
    {
        var system = node.Services.GetRequiredService<ActorSystem>();
        var collector = system.ActorOf(Props.Create(() => new OwnBatchCollector(name, _published)));
        await DistributedPubSub.Get(system).Mediator.Ask<SubscribeAck>(new Subscribe(ClusterTopics.MetricPoints, collector), TimeSpan.FromSeconds(10));
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

/// <summary>Keeps the metric-point batches that its own node published.</summary>
internal sealed class OwnBatchCollector : ReceiveActor
{
    public OwnBatchCollector(string node, ConcurrentQueue<MetricPointBatch> batches) =>
        Receive<MetricPointBatch>(b =>
        {
            if (b.Node == node)
            {
                batches.Enqueue(b);
            }
        });
}

/// <summary>The tests that share one pipeline-filled InfluxDB.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineFilledInfluxCollection : ICollectionFixture<PipelineFilledInflux>
{
    public const string Name = "pipeline-filled influxd";
}

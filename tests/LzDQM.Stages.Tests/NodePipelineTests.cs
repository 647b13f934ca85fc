using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kafka;
using LzDQM.Kernel;
using LzDQM.Simulation;
using LzDQM.Sinks;
using LzDQM.Stages.Intake;
using LzDQM.Stages.Pipeline;

namespace LzDQM.Stages.Tests;

public sealed class NodePipelineTests
{
    /// <summary>The reference: the kernel run straight over the records, as `lzdqm analyze` does.</summary>
    private static List<MetricPoint> Reference(IEnumerable<ReplayRecord> records, KernelOptions options)
    {
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(options, points);
        foreach (var r in records)
        {
            kernel.OnRecord(r);
        }

        return points;
    }

    /// <summary>Line-protocol lines with the last write of each (series, timestamp) winning, as InfluxDB upserts.</summary>
    private static SortedDictionary<string, string> Upserted(IEnumerable<string> lines)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
            var lastSpace = line.LastIndexOf(' ');
            map[line[..firstSpace] + " @" + line[(lastSpace + 1)..]] = line;
        }

        return map;
    }

    [Fact]
    public async Task A_replay_through_the_node_pipeline_writes_exactly_the_reference_points()
    {
        var options = new KernelOptions();
        var records = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), seed: 3, TimeSpan.FromMinutes(4)).Records().ToList();
        var expected = Upserted(Reference(records, options).Select(LineProtocol.Format));
        Assert.NotEmpty(expected);

        using var dir = new TempDir();
        var lp = Path.Combine(dir.Path, "points.lp");
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 2 });
        await using (var delivery = new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = lp }), new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(100) }))
        {
            await using var node = new NodePipeline(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "e2e" }, options, delivery, checkpointInterval: TimeSpan.FromSeconds(1));
            node.Start();
            var summary = await Task.Run(() => new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = broker.BootstrapServers, ConsumerGroups = ["e2e"] })
                .Publish(records)).WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(records.Count, summary.Records);

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Upserted(ReadLines(lp)).Count < expected.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            // dqm_node's close_latency_ms: windows closed and were written, and reading resets it.
            Assert.True(node.TakeMaxCloseLatencyMs() > 0);
            Assert.Equal(0, node.TakeMaxCloseLatencyMs());
            await node.StopAsync();
        }

        var actual = Upserted(ReadLines(lp));
        Assert.Equal(expected.Keys, actual.Keys);
        var differing = expected.Where(kv => actual[kv.Key] != kv.Value).Select(kv => kv.Value + "\n   got " + actual[kv.Key]).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {expected.Count} points differ:\n" + string.Join("\n", differing.Take(6)));
    }

    [Fact]
    public async Task A_node_killed_mid_replay_is_replaced_from_its_checkpoint_with_no_gap_and_no_differing_value()
    {
        var options = new KernelOptions();
        var records = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), seed: 5, TimeSpan.FromMinutes(4)).Records().ToList();
        var expected = Upserted(Reference(records, options).Select(LineProtocol.Format));

        using var dir = new TempDir();
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 2 });
        var intake = new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "loss", SessionTimeout = TimeSpan.FromSeconds(6) };
        var deliveryOptions = new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(100) };
        var files = new[] { Path.Combine(dir.Path, "a.lp"), Path.Combine(dir.Path, "b.lp") };
        var deliveries = files.Select(f => new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = f }), deliveryOptions)).ToArray();
        var nodes = deliveries.Select(d => new NodePipeline(intake, options, d, checkpointInterval: TimeSpan.FromSeconds(1))).ToArray();
        nodes[0].Start();
        nodes[1].Start();
        await WaitUntil(() => nodes.All(n => n.OwnedPartitions.Count == 1), "each node owns one partition");

        var publishing = Task.Run(() => new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = broker.BootstrapServers, ConsumerGroups = ["loss"], Speed = 400 }).Publish(records));
        await WaitUntil(() => nodes.Any(n => n.Pipelines.Any(p => p.CheckpointsWritten >= 2 && p.Kernel.Chunks > 60)), "the run's owner checkpointed twice");
        var victim = nodes.Single(n => n.Pipelines.Any(p => p.Kernel.Chunks > 0));
        var survivor = nodes.Single(n => n != victim);
        var partition = victim.OwnedPartitions.Single();
        await victim.CrashAsync();

        await WaitUntil(() => survivor.OwnedPartitions.Contains(partition), "the survivor took the partition over", seconds: 60);
        await WaitUntil(() => survivor.Pipelines.Any(p => p.Restored), "the survivor restored the victim's checkpoint");
        await publishing.WaitAsync(TimeSpan.FromSeconds(90));
        await WaitUntil(() => Union(files).Count >= expected.Count, "every expected point was written", seconds: 60);
        await survivor.StopAsync();
        await survivor.DisposeAsync();
        foreach (var d in deliveries)
        {
            await d.DisposeAsync();
        }

        var union = Union(files);
        Assert.Equal(expected.Keys, union.Keys);
        foreach (var (key, lines) in union)
        {
            Assert.All(lines, line => Assert.Equal(expected[key], line));
        }
    }

    /// <summary>Every line written by any node, grouped by (series, timestamp).</summary>
    private static SortedDictionary<string, HashSet<string>> Union(IEnumerable<string> files)
    {
        var map = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in files.SelectMany(ReadLines).Where(l => l.Length > 0))
        {
            var key = line[..line.IndexOf(' ', StringComparison.Ordinal)] + " @" + line[(line.LastIndexOf(' ') + 1)..];
            if (!map.TryGetValue(key, out var set))
            {
                map[key] = set = [];
            }

            set.Add(line);
        }

        return map;
    }

    private static async Task WaitUntil(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting until " + what);
            }

            await Task.Delay(100);
        }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("lzdqm-e2e-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

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
            var summary = new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = broker.BootstrapServers, ConsumerGroups = ["e2e"] })
                .Publish(records);
            Assert.Equal(records.Count, summary.Records);

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Upserted(ReadLines(lp)).Count < expected.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            await node.StopAsync();
        }

        var actual = Upserted(ReadLines(lp));
        Assert.Equal(expected.Keys, actual.Keys);
        var differing = expected.Where(kv => actual[kv.Key] != kv.Value).Select(kv => kv.Value + "\n   got " + actual[kv.Key]).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {expected.Count} points differ:\n" + string.Join("\n", differing.Take(6)));
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

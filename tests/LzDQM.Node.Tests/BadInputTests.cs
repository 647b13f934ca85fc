using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Google.Protobuf;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;
using LzDQM.Kafka.Tests.Support;
using LzDQM.Node.Tests.Support;

namespace LzDQM.Node.Tests;

/// <summary>Bad input through the running cluster is dead-lettered and counted; the good data's points are untouched.</summary>
public sealed class BadInputTests(ReferenceReplay replay) : IClassFixture<ReferenceReplay>
{
    [Fact]
    public async Task Bad_messages_are_dead_lettered_with_reasons_and_counted_and_the_good_points_equal_the_reference()
    {
        Kcat.RequireInstalled();
        await using var cluster = new NodeCluster();
        var files = new[] { cluster.PathOf("a.lp"), cluster.PathOf("b.lp") };
        cluster.StartNode("a", "--lp-out", files[0]);
        cluster.StartNode("b", "--lp-out", files[1]);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        // The middle pulse chunk goes through kcat as canonical JSON: part of the good data.
        var records = replay.Records;
        var viaKcat = records.Select((r, i) => (r, i)).Where(x => x.r.Topic == ReplayTopic.Pulses).Skip(records.Count(r => r.Topic == ReplayTopic.Pulses) / 2).First().i;
        await cluster.PublishAsync(records.Take(viaKcat));

        var runKey = Encoding.ASCII.GetBytes(replay.Run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var earlierTriggers = records.Take(viaKcat).Last(r => r.Topic == ReplayTopic.Triggers);
        using (var producer = Producer(cluster))
        {
            await Produce(producer, Topics.Triggers, runKey, earlierTriggers.Value[..(earlierTriggers.Value.Length / 2)]); // truncated bytes
            await Produce(producer, Topics.Triggers, runKey, """{"run":"four","chunk":[1],"event":"x"}"""u8.ToArray(), WireHeaders.Json); // wrong field types
            var unequal = new TriggerChunk { Run = replay.Run + 1, Chunk = 0, Event = { 1, 2, 3 }, TriggerTimeNs = { 10, 20 }, TriggerType = { TriggerType.S2, TriggerType.S2, TriggerType.S2 }, DeadtimeNs = { 0, 0, 0 } };
            await Produce(producer, Topics.Triggers, Key(replay.Run + 1), unequal.ToByteArray()); // unequal columns
            var nan = new PulseChunk { Run = replay.Run + 2, Chunk = 0, Event = { 1 }, TriggerTimeNs = { 10 }, PulseCount = { 1 }, PulseClass = { PulseClass.S1 }, AreaPhd = { float.NaN }, StartUs = { 0 }, RmsWidthUs = { 1 }, TopFraction = { 0.5f }, Coincidence = { 3 } };
            await Produce(producer, Topics.Pulses, Key(replay.Run + 2), nan.ToByteArray()); // NaN
            await Produce(producer, Topics.Triggers, runKey, earlierTriggers.Value); // a duplicate chunk
        }

        var json = JsonFormatter.Default.Format(PulseChunk.Parser.ParseFrom(records[viaKcat].Value));
        await Kcat.RunTextAsync(["-P", "-b", cluster.Broker.BootstrapServers, "-t", Topics.Pulses, "-k", replay.Run.ToString(System.Globalization.CultureInfo.InvariantCulture), "-H", "content-type=application/json"], Encoding.UTF8.GetBytes(json + "\n"));
        await cluster.PublishAsync(records.Skip(viaKcat + 1));

        await cluster.WaitUntilAsync(() => StoredPoints.FromFiles(files).Count >= replay.Expected.Count, "every reference point is in the files", 60);
        StoredPoints.AssertFilesEqualReference(replay.Expected, StoredPoints.FromFiles(files));

        var reasons = DeadLetterReasons(cluster, expected: 4);
        Assert.Equal(4, reasons.Count);
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
        Assert.Contains(reasons, r => r.Contains("NaN", StringComparison.OrdinalIgnoreCase));

        await cluster.WaitUntilAsync(() => NodeCounter(files, "bad_msgs") == 4 && NodeCounter(files, "duplicates") == 1, "dqm_node counts 4 bad messages and 1 duplicate", 20);
    }

    private static byte[] Key(uint run) => Encoding.ASCII.GetBytes(run.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static IProducer<byte[], byte[]> Producer(NodeCluster cluster)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        return new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.Broker.BootstrapServers }).Build();
    }

    private static Task Produce(IProducer<byte[], byte[]> producer, string topic, byte[] key, byte[] value, string contentType = WireHeaders.Protobuf) =>
        producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = new Headers { { WireHeaders.ContentType, Encoding.UTF8.GetBytes(contentType) } } });

    private static List<string> DeadLetterReasons(NodeCluster cluster, int expected)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.Broker.BootstrapServers,
            GroupId = "deadletter-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topics.DeadLetter);
        var reasons = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && reasons.Count < expected + 1)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } r && !r.IsPartitionEOF)
            {
                reasons.Add(r.Message.Headers.TryGetLastBytes(WireHeaders.DeadLetterReason, out var b) ? Encoding.UTF8.GetString(b) : string.Empty);
            }
            else if (reasons.Count == expected)
            {
                break;
            }
        }

        consumer.Close();
        return reasons;
    }

    /// <summary>The sum over nodes of an integer field in each node's latest dqm_node line.</summary>
    private static long NodeCounter(string[] files, string field) =>
        StoredPoints.NodeLines(files)
            .GroupBy(l => l[..l.IndexOf(' ', StringComparison.Ordinal)])
            .Select(g => g.Last())
            .Sum(l => long.Parse(Regex.Match(l, $"[ ,]{field}=(\\d+)i").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
}

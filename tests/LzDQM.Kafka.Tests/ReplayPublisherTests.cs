using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Google.Protobuf;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Tests.Support;

namespace LzDQM.Kafka.Tests;

public sealed class ReplayPublisherTests
{
    // ~16 kB pulse chunks, as the simulator writes; 512 of them are 8 MB, more than the
    // embedded broker keeps per partition (5 MB).
    private const int EventsPerChunk = 250;
    private const int ChunkCount = 512;

    private static List<ReplayRecord> PulseRecords(uint run, int chunks)
    {
        var records = new List<ReplayRecord> { ReplayRecord.ForRun(ReplayTopic.Runs, run, TestChunks.T0, TestChunks.Start(run).ToByteArray()) };
        for (var k = 0; k < chunks; k++)
        {
            var chunk = TestChunks.Pulses(run, (ulong)k, EventsPerChunk, (ulong)(k * EventsPerChunk));
            records.Add(ReplayRecord.ForRun(ReplayTopic.Pulses, run, chunk.TriggerTimeNs[0], chunk.ToByteArray()));
        }

        return records;
    }

    /// <summary>Reads every pulse chunk of the topic with a group that commits as it reads; returns chunk numbers.</summary>
    private static List<ulong> ConsumePulses(string bootstrap, string group, int expected, TimeSpan timeout, TimeSpan? perMessageDelay = null, bool stopAtEnd = false)
    {
        var config = WireConsumerConfig.Create(bootstrap, group);
        config.EnablePartitionEof = stopAtEnd;
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe([Topics.Pulses, Topics.Triggers, Topics.Runs]);
        var chunks = new List<ulong>();
        var deadline = DateTime.UtcNow + timeout;
        while (chunks.Count < expected && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is { IsPartitionEOF: true } && r.Topic == Topics.Pulses && stopAtEnd)
            {
                break;
            }

            if (r is null || r.IsPartitionEOF || r.Topic != Topics.Pulses)
            {
                continue;
            }

            var decoded = WireDecoder.Decode(r);
            Assert.True(decoded.Success, decoded.Error);
            chunks.Add(((PulseChunk)decoded.Message!).Chunk);
            if (perMessageDelay is { } d)
            {
                Thread.Sleep(d);
            }
        }

        consumer.Close();
        return chunks;
    }

    [Fact]
    public async Task Paced_replay_of_more_than_the_broker_keeps_loses_nothing_for_a_late_consumer_group()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        var notices = new ConcurrentQueue<string>();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = new ReplayPublisher(new()
        {
            BootstrapServers = broker.BootstrapServers,
            ConsumerGroups = ["dqm-late"],
            MaxAheadBytes = 1 << 20,
            Notice = n => { notices.Enqueue(n); waiting.TrySetResult(); },
        });
        var records = PulseRecords(17, ChunkCount);
        Assert.InRange(records[1].Value.Length, 14_000, 18_000);

        var publishing = Task.Run(() => publisher.Publish(records));
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The group starts only once the replay has run up to its limit and is holding.
        var consumed = await Task.Run(() => ConsumePulses(broker.BootstrapServers, "dqm-late", ChunkCount, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(1)));
        var summary = await publishing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(notices, n => n.Contains("waiting for consumer group dqm-late", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, ChunkCount).Select(i => (ulong)i), consumed);
        Assert.Equal(ChunkCount, summary.Chunks);
        Assert.Equal((long)ChunkCount * EventsPerChunk, summary.Events);
        Assert.True(summary.Bytes > 5L << 20, "the test must publish more than the broker retains");
        Assert.True(summary.HeldByConsumers > TimeSpan.Zero);
    }

    [Fact]
    public void Without_pacing_a_late_consumer_finds_the_oldest_chunks_gone_which_is_why_pacing_exists()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        var publisher = new ReplayPublisher(new() { BootstrapServers = broker.BootstrapServers, MaxAheadBytes = 0 });

        var summary = publisher.Publish(PulseRecords(18, ChunkCount));
        var consumed = ConsumePulses(broker.BootstrapServers, "dqm-unpaced", ChunkCount, TimeSpan.FromSeconds(20), stopAtEnd: true);

        Assert.Equal(ChunkCount, summary.Chunks);
        Assert.NotEmpty(consumed);
        Assert.True(consumed[0] > 0, $"expected the oldest chunks to be gone, first readable is {consumed[0]}");
        Assert.Equal((ulong)(ChunkCount - 1), consumed[^1]);
    }

    [Fact]
    public void Speed_plays_event_time_that_many_times_faster_than_real_and_no_faster()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        // 40 chunks of 10 events each 25 ms apart: 9.75 s of event time, 1.95 s at speed 5.
        var records = new List<ReplayRecord>();
        for (var k = 0; k < 40; k++)
        {
            var chunk = TestChunks.Pulses(3, (ulong)k, 10, (ulong)(k * 10));
            records.Add(ReplayRecord.ForRun(ReplayTopic.Pulses, 3, chunk.TriggerTimeNs[0], chunk.ToByteArray()));
        }

        var publisher = new ReplayPublisher(new() { BootstrapServers = broker.BootstrapServers, Speed = 5, ConsumerGroups = [] });
        var clock = Stopwatch.StartNew();
        var summary = publisher.Publish(records);

        var eventSpan = TimeSpan.FromTicks((records[^1].TimeNs - records[0].TimeNs) / 100);
        Assert.Equal(eventSpan, summary.EventTimeSpan);
        Assert.True(clock.Elapsed >= eventSpan / 5 * 0.98, $"took {clock.Elapsed}, event time {eventSpan} at speed 5");
    }

    [Fact]
    public async Task Pacing_with_sub_millisecond_waits_finishes_and_publishes_everything()
    {
        // Regression: a wait that shrank below zero between check and use turned into WaitOne(-1 ms),
        // an endless wait, at random points of a replay.
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        var records = Enumerable.Range(0, 3000)
            .Select(i => ReplayRecord.ForRun(ReplayTopic.Runs, 9, TestChunks.T0 + i * 1_000_000L, TestChunks.Start(9).ToByteArray()))
            .ToList();
        var publisher = new ReplayPublisher(new() { BootstrapServers = broker.BootstrapServers, Speed = 4, ConsumerGroups = [] });

        var summary = await Task.Run(() => publisher.Publish(records)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3000, summary.Records);
    }

    [Fact]
    public void A_corrupt_block_stops_the_replay_and_what_came_before_stays_published()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        using var dir = new TempDirectory();
        var path = dir.File("corrupt.lzr");
        var records = PulseRecords(21, 200); // ~3.2 MB raw: blocks of 1 MB
        using (var writer = ReplayFileWriter.Create(path))
        {
            records.ForEach(writer.Write);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0xFF; // inside the last block
        File.WriteAllBytes(path, bytes);
        var publisher = new ReplayPublisher(new() { BootstrapServers = broker.BootstrapServers, ConsumerGroups = [] });

        var error = Assert.ThrowsAsync<ReplayFormatException>(() => publisher.PublishFileAsync(path)).GetAwaiter().GetResult();
        var consumed = ConsumePulses(broker.BootstrapServers, "after-corrupt", 200, TimeSpan.FromSeconds(20), stopAtEnd: true);

        Assert.Contains("byte offset", error.Message, StringComparison.Ordinal);
        Assert.InRange(consumed.Count, 50, 199);
        Assert.Equal(Enumerable.Range(0, consumed.Count).Select(i => (ulong)i), consumed);
    }

    [Fact]
    public void An_unreachable_bootstrap_fails_with_one_line_within_seconds()
    {
        var publisher = new ReplayPublisher(new() { BootstrapServers = "127.0.0.1:1", ConnectTimeout = TimeSpan.FromSeconds(3) });
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ReplayPublishException>(() => publisher.Publish([]));

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }
}

using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka;
using LzDQM.Stages.Intake;

namespace LzDQM.Stages.Tests;

public sealed class ChunkIntakeTests
{
    private const long T0 = 1_767_225_600_000_000_000;

    private static TriggerChunk Triggers(uint run, ulong chunk, int events = 10)
    {
        var c = new TriggerChunk { Run = run, Chunk = chunk };
        for (var i = 0; i < events; i++)
        {
            var e = (long)chunk * events + i;
            c.Event.Add((ulong)e);
            c.TriggerTimeNs.Add(T0 + e * 25_000_000L);
            c.TriggerType.Add(TriggerType.S2);
            c.DeadtimeNs.Add(1000);
        }

        return c;
    }

    private static PulseChunk Pulses(uint run, ulong chunk, int events = 10)
    {
        var c = new PulseChunk { Run = run, Chunk = chunk };
        for (var i = 0; i < events; i++)
        {
            var e = (long)chunk * events + i;
            c.Event.Add((ulong)e);
            c.TriggerTimeNs.Add(T0 + e * 25_000_000L);
            c.PulseCount.Add(2);
            c.PulseClass.Add(PulseClass.S1);
            c.PulseClass.Add(PulseClass.S2);
            c.AreaPhd.Add(200f);
            c.AreaPhd.Add(40_000f);
            c.StartUs.Add(0f);
            c.StartUs.Add(300f);
            c.RmsWidthUs.Add(0.1f);
            c.RmsWidthUs.Add(1.2f);
            c.TopFraction.Add(0.4f);
            c.TopFraction.Add(0.66f);
            c.Coincidence.Add(60);
            c.Coincidence.Add(400);
        }

        return c;
    }

    private static async Task Produce(EmbeddedKafkaBroker broker, string topic, uint run, byte[] value, string? contentType = null)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, Acks = Acks.All }).Build();
        var headers = new Headers();
        if (contentType is not null)
        {
            headers.Add(WireHeaders.ContentType, Encoding.UTF8.GetBytes(contentType));
        }

        await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.ASCII.GetBytes(run.ToString(System.Globalization.CultureInfo.InvariantCulture)), Value = value, Headers = headers });
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

            await Task.Delay(50);
        }
    }

    private static List<ConsumeResult<byte[], byte[]>> ReadDeadLetters(EmbeddedKafkaBroker broker, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "dl-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topics.DeadLetter);
        var list = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (list.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
            {
                list.Add(r);
            }
        }

        consumer.Close();
        return list;
    }

    /// <summary>Collects what reaches the inboxes; optionally releases offsets as it reads.</summary>
    private sealed class Collector
    {
        public ConcurrentQueue<IntakeMessage> Received { get; } = new();
        public volatile bool Reading = true;
        public bool Release { get; init; } = true;

        public void Open(PartitionInbox inbox)
        {
            Drain(inbox, inbox.Triggers.Reader);
            Drain(inbox, inbox.Pulses.Reader);
            Drain(inbox, inbox.Runs.Reader);
        }

        private void Drain(PartitionInbox inbox, System.Threading.Channels.ChannelReader<IntakeMessage> reader) => _ = Task.Run(async () =>
        {
            await foreach (var m in reader.ReadAllAsync())
            {
                while (!Reading)
                {
                    await Task.Delay(20);
                }

                if (m is SkippedInput s)
                {
                    await s.Forwarded;
                }

                Received.Enqueue(m);
                if (Release)
                {
                    inbox.ReleaseThrough(new TopicPartitionOffset(m.Position.TopicPartition, m.Position.Offset + 1));
                }
            }
        });
    }

    [Fact]
    public async Task Good_chunks_reach_the_pipeline_bad_ones_are_dead_lettered_with_a_reason_and_duplicates_are_dropped()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 2 });
        const uint run = 4242;
        await Produce(broker, Topics.Runs, run, new RunControl { Run = run, Transition = RunControl.Types.Transition.Start, Mode = RunMode.Science }.ToByteArray());
        await Produce(broker, Topics.Triggers, run, Triggers(run, 0).ToByteArray());
        await Produce(broker, Topics.Triggers, run, Triggers(run, 1).ToByteArray());
        await Produce(broker, Topics.Triggers, run, Triggers(run, 1).ToByteArray());                       // duplicate
        await Produce(broker, Topics.Pulses, run, Pulses(run, 0).ToByteArray());
        var nan = Pulses(run, 1);
        nan.AreaPhd[3] = float.NaN;
        await Produce(broker, Topics.Pulses, run, nan.ToByteArray());                                      // NaN
        await Produce(broker, Topics.Pulses, run, ChunkCodec.Encode(Pulses(run, 2), WireEncoding.Json), WireHeaders.Json); // JSON, fine
        await Produce(broker, Topics.Pulses, run, [0x0A, 0xFF, 0xFF]);                                       // truncated bytes
        var unequal = Pulses(run, 3);
        unequal.StartUs.RemoveAt(0);
        await Produce(broker, Topics.Pulses, run, unequal.ToByteArray());                                  // unequal columns

        var collector = new Collector();
        var intake = new ChunkIntake(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "g1" }, collector.Open);
        intake.Start();
        await WaitUntil(() => collector.Received.Count == 9, "all nine messages were accounted for");
        await intake.StopAsync();

        var delivered = collector.Received.Where(m => m is not SkippedInput).ToList();
        Assert.Single(delivered.OfType<RunInput>());
        Assert.Equal([0UL, 1UL], delivered.OfType<TriggerInput>().Select(t => t.Chunk.Chunk));
        Assert.Equal([0UL, 2UL], delivered.OfType<PulseInput>().Select(p => p.Chunk.Chunk));
        Assert.Equal(Pulses(run, 2), delivered.OfType<PulseInput>().Last().Chunk);
        Assert.Equal(1, intake.Counters.Duplicates);
        Assert.Equal(3, intake.Counters.BadMessages);
        Assert.Equal(20, intake.Counters.Events);

        var dead = ReadDeadLetters(broker, 3);
        Assert.Equal(3, dead.Count);
        var reasons = dead.Select(d => Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(WireHeaders.DeadLetterReason))).ToList();
        Assert.Contains(reasons, r => r.Contains(nameof(ChunkRule.NonFiniteValue), StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains(nameof(ChunkRule.Undecodable), StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains(nameof(ChunkRule.UnequalColumns), StringComparison.Ordinal));
        Assert.All(dead, d => Assert.Equal(Topics.Pulses, Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(WireHeaders.DeadLetterSourceTopic))));
        Assert.Contains(dead, d => d.Message.Value.SequenceEqual(nan.ToByteArray())); // forwarded unchanged
    }

    [Fact]
    public async Task A_slow_pipeline_pauses_its_partition_and_nothing_is_lost_when_it_catches_up()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        const uint run = 77;
        for (ulong c = 0; c < 40; c++)
        {
            await Produce(broker, Topics.Triggers, run, Triggers(run, c).ToByteArray());
        }

        var collector = new Collector { Reading = false };
        var intake = new ChunkIntake(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "g2", InboxCapacity = 4 }, collector.Open);
        intake.Start();
        await WaitUntil(() => intake.Counters.Pauses > 0, "the partition was paused");
        Assert.True(collector.Received.Count <= 3);
        collector.Reading = true;
        await WaitUntil(() => collector.Received.Count == 40, "all 40 chunks arrived");
        await intake.StopAsync();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ulong)i), collector.Received.OfType<TriggerInput>().Select(t => t.Chunk.Chunk));
    }

    [Fact]
    public async Task A_paused_partition_that_a_rebalance_hands_back_to_the_same_node_is_consumed_again()
    {
        // librdkafka keeps a partition's pause flag across a revoke and a re-assignment to the same
        // consumer, so an intake that forgot its stall on revoke would never fetch that partition again.
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        const uint run = 78;
        for (ulong c = 0; c < 40; c++)
        {
            await Produce(broker, Topics.Triggers, run, Triggers(run, c).ToByteArray());
        }

        var collector = new Collector { Reading = false, Release = false };
        var intake = new ChunkIntake(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "g4", InboxCapacity = 4 }, collector.Open);
        intake.Start();
        await WaitUntil(() => intake.Counters.Pauses > 0, "the partition was paused");

        var joined = false;

        // A second member joins (every partition is revoked and handed out again), then leaves
        // (handed out again): the intake ends up owning the paused partition once more.
        using (var visitor = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "g4",
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        }).SetPartitionsAssignedHandler((_, _) => joined = true).Build())
        {
            visitor.Subscribe([Topics.Triggers, Topics.Pulses, Topics.Runs]);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!joined && DateTime.UtcNow < deadline)
            {
                visitor.Consume(TimeSpan.FromMilliseconds(100));
            }

            Assert.True(joined, "the second member joined the group");
            visitor.Close();
        }

        collector.Reading = true;
        await WaitUntil(() => collector.Received.OfType<TriggerInput>().Select(t => t.Chunk.Chunk).Distinct().Count() == 40, "all 40 chunks arrived after the rebalance", 60);
        await intake.StopAsync();
    }

    [Fact]
    public async Task Offsets_are_committed_only_as_far_as_the_pipeline_released_them()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        const uint run = 9;
        for (ulong c = 0; c < 10; c++)
        {
            await Produce(broker, Topics.Triggers, run, Triggers(run, c).ToByteArray());
        }

        var inboxes = new ConcurrentBag<PartitionInbox>();
        var intake = new ChunkIntake(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "g3" }, inboxes.Add);
        intake.Start();
        await WaitUntil(() => !inboxes.IsEmpty, "a partition was assigned");
        var inbox = inboxes.Single();
        var seen = new List<IntakeMessage>();
        while (seen.Count < 10)
        {
            seen.Add(await inbox.Triggers.Reader.ReadAsync());
        }

        // The pipeline has written the windows of the first four messages only.
        inbox.ReleaseThrough(new TopicPartitionOffset(seen[3].Position.TopicPartition, seen[3].Position.Offset + 1));
        await intake.StopAsync();

        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "g3" }).Build();
        var committed = probe.Committed([new TopicPartition(Topics.Triggers, 0)], TimeSpan.FromSeconds(10)).Single();
        Assert.Equal(seen[3].Position.Offset + 1, committed.Offset);
    }
}

using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Tests.Support;

namespace LzDQM.Kafka.Tests;

public sealed class EmbeddedKafkaBrokerTests
{
    private static ProducerConfig Producer(EmbeddedKafkaBroker broker) => new()
    {
        BootstrapServers = broker.BootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 1,
    };

    private static List<ConsumeResult<byte[], byte[]>> ReadAll(EmbeddedKafkaBroker broker, string topic, int expected, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && results.Count < expected)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is { IsPartitionEOF: false })
            {
                results.Add(r);
            }
        }

        // Anything beyond the expected count (a duplicate) shows up within a short extra wait.
        var extra = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
        while (DateTime.UtcNow < extra)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is { IsPartitionEOF: false })
            {
                results.Add(r);
            }
        }

        consumer.Close();
        return results;
    }

    [Fact]
    public async Task Kcat_sees_every_contract_topic_with_the_configured_partitions()
    {
        using var broker = new EmbeddedKafkaBroker(new() { Brokers = 2, PartitionsPerTopic = 4, ExtraTopics = ["lz.dqm.extra"] });

        var json = await Kcat.RunTextAsync(["-L", "-J", "-b", broker.BootstrapServers, "-m", "10"]);

        using var doc = JsonDocument.Parse(json);
        var topics = doc.RootElement.GetProperty("topics").EnumerateArray()
            .ToDictionary(t => t.GetProperty("topic").GetString()!, t => t.GetProperty("partitions").GetArrayLength());
        foreach (var topic in Topics.All.Append("lz.dqm.extra"))
        {
            Assert.Equal(4, topics[topic]);
        }

        Assert.Equal(2, doc.RootElement.GetProperty("brokers").GetArrayLength());
    }

    [Fact]
    public async Task A_broker_set_down_makes_produce_wait_and_setting_it_up_delivers_once()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        using var producer = new ProducerBuilder<byte[], byte[]>(Producer(broker)).SetLogHandler((_, _) => { }).Build();
        await producer.ProduceAsync(Topics.Pulses, new() { Key = "1"u8.ToArray(), Value = "warm-up"u8.ToArray() });

        broker.SetBrokerDown(1);
        var pending = producer.ProduceAsync(Topics.Pulses, new() { Key = "1"u8.ToArray(), Value = "while-down"u8.ToArray() });
        var early = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(pending, early);

        broker.SetBrokerUp(1);
        var report = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
        var values = ReadAll(broker, Topics.Pulses, 2, TimeSpan.FromSeconds(20)).Select(r => Encoding.ASCII.GetString(r.Message.Value)).ToList();
        Assert.Equal(["warm-up", "while-down"], values);
    }

    [Fact]
    public async Task Pushed_produce_errors_take_effect_and_retriable_ones_are_retried_without_duplicates()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        using (var plain = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, MessageSendMaxRetries = 0 })
            .SetLogHandler((_, _) => { }).Build())
        {
            await plain.ProduceAsync(Topics.Runs, new() { Key = "1"u8.ToArray(), Value = "warm-up"u8.ToArray() });
            // A non-retriable error reaches the application: the injection is real.
            broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
            var failure = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(
                () => plain.ProduceAsync(Topics.Runs, new() { Key = "1"u8.ToArray(), Value = "rejected"u8.ToArray() }));
            Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
        }

        using var producer = new ProducerBuilder<byte[], byte[]>(Producer(broker)).SetLogHandler((_, _) => { }).Build();
        await producer.ProduceAsync(Topics.Pulses, new() { Key = "7"u8.ToArray(), Value = "warm-up"u8.ToArray() });
        broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut);
        var report = await producer.ProduceAsync(Topics.Pulses, new() { Key = "7"u8.ToArray(), Value = "retried"u8.ToArray() })
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
        var values = ReadAll(broker, Topics.Pulses, 2, TimeSpan.FromSeconds(20)).Select(r => Encoding.ASCII.GetString(r.Message.Value)).ToList();
        Assert.Equal(["warm-up", "retried"], values);
    }

    [Fact]
    public async Task A_consumer_group_of_two_members_splits_the_partitions_between_them()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 6 });
        var config = new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "split-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
        };
        using var a = new ConsumerBuilder<byte[], byte[]>(config).Build();
        using var b = new ConsumerBuilder<byte[], byte[]>(config).Build();
        a.Subscribe(Topics.Pulses);
        b.Subscribe(Topics.Pulses);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        bool Split() =>
            a.Assignment.Count > 0 && b.Assignment.Count > 0 && a.Assignment.Count + b.Assignment.Count == 6;
        var pollA = Task.Run(() => { while (!stop.IsCancellationRequested && !Split()) { a.Consume(TimeSpan.FromMilliseconds(100)); } });
        var pollB = Task.Run(() => { while (!stop.IsCancellationRequested && !Split()) { b.Consume(TimeSpan.FromMilliseconds(100)); } });
        await Task.WhenAll(pollA, pollB);

        Assert.True(Split(), $"assignments never split: a={a.Assignment.Count} b={b.Assignment.Count}");
        var all = a.Assignment.Concat(b.Assignment).Select(p => p.Partition.Value).Order().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], all);
        Assert.All(a.Assignment, p => Assert.Equal(Topics.Pulses, p.Topic));
        a.Close();
        b.Close();
    }

    [Fact]
    public void Impossible_options_are_refused_before_anything_starts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddedKafkaBroker(new() { Brokers = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 0 }));
    }
}

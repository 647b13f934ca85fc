using System.Globalization;
using System.Text;
using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;

namespace LzDQM.Stages.Checkpoints;

/// <summary>
/// Keeps partition checkpoints in <see cref="Topics.Checkpoints"/>, partition p's in partition p,
/// keyed by consumer group and partition, so the latest checkpoint of a partition is among the
/// last messages there (a short read on takeover, however long the windows). Two groups on one
/// broker (a live cluster and a replay of the same topics) never restore each other's state.
/// Thread-safe.
/// </summary>
public sealed class CheckpointStore : IDisposable
{
    // How many of a partition's newest checkpoint messages a takeover looks through for its group's.
    private const int ScanDepth = 64;

    private readonly string _bootstrap;
    private readonly string _group;
    private readonly IProducer<byte[], byte[]> _producer;

    /// <summary>Creates the store's producer (acks=all, idempotent: a checkpoint is never half-written).</summary>
    /// <param name="bootstrapServers">Kafka bootstrap servers.</param>
    /// <param name="group">The consumer group whose pipelines checkpoint here.</param>
    public CheckpointStore(string bootstrapServers, string group)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        _bootstrap = bootstrapServers;
        _group = group;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 0,
            MessageMaxBytes = 16 << 20,
        }).Build();
    }

    /// <summary>Bytes of the last checkpoint written (for <c>dqm_node</c>).</summary>
    public long LastCheckpointBytes { get; private set; }

    /// <summary>Writes a checkpoint; completes when the broker acknowledged it.</summary>
    public async Task WriteAsync(PartitionCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var bytes = checkpoint.ToBytes();
        await _producer.ProduceAsync(
            new TopicPartition(Topics.Checkpoints, new Partition(checkpoint.Partition)),
            new Message<byte[], byte[]> { Key = KeyOf(checkpoint.Partition), Value = bytes },
            cancellationToken).ConfigureAwait(false);
        LastCheckpointBytes = bytes.Length;
    }

    /// <summary>The latest checkpoint of a partition, or null when there is none.</summary>
    public PartitionCheckpoint? ReadLatest(int partition, TimeSpan timeout)
    {
        var tp = new TopicPartition(Topics.Checkpoints, new Partition(partition));
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _bootstrap,
            GroupId = "lzdqm-checkpoint-reader", // never subscribes or commits: assign only
            EnableAutoCommit = false,
            FetchMaxBytes = 64 << 20,
            MaxPartitionFetchBytes = 64 << 20,
        }).Build();
        var marks = consumer.QueryWatermarkOffsets(tp, timeout);
        if (marks.High.Value <= marks.Low.Value)
        {
            return null;
        }

        var key = KeyOf(partition);
        var from = Math.Max(marks.Low.Value, marks.High.Value - ScanDepth);
        consumer.Assign(new TopicPartitionOffset(tp, new Offset(from)));
        PartitionCheckpoint? latest = null;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null || r.IsPartitionEOF)
            {
                continue;
            }

            if (r.Message.Key.AsSpan().SequenceEqual(key))
            {
                latest = PartitionCheckpoint.FromBytes(r.Message.Value);
            }

            if (r.Offset.Value >= marks.High.Value - 1)
            {
                return latest;
            }
        }

        throw new TimeoutException($"could not read the checkpoints of partition {partition} within {timeout}");
    }

    private byte[] KeyOf(int partition) =>
        Encoding.UTF8.GetBytes(_group + "/" + partition.ToString(CultureInfo.InvariantCulture));

    /// <summary>Flushes and releases the producer.</summary>
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

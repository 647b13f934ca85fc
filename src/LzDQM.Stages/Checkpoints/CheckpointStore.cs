using System.Globalization;
using System.Text;
using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;

namespace LzDQM.Stages.Checkpoints;

/// <summary>
/// Keeps partition checkpoints in <see cref="Topics.Checkpoints"/>, partition p's in partition p,
/// so the latest checkpoint of a partition is simply the last message there (one read on takeover,
/// however long the windows). Thread-safe.
/// </summary>
public sealed class CheckpointStore : IDisposable
{
    private readonly string _bootstrap;
    private readonly IProducer<byte[], byte[]> _producer;

    /// <summary>Creates the store's producer (acks=all, idempotent: a checkpoint is never half-written).</summary>
    public CheckpointStore(string bootstrapServers)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        _bootstrap = bootstrapServers;
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
            new Message<byte[], byte[]> { Key = Encoding.ASCII.GetBytes(checkpoint.Partition.ToString(CultureInfo.InvariantCulture)), Value = bytes },
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

        consumer.Assign(new TopicPartitionOffset(tp, new Offset(marks.High.Value - 1)));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is { IsPartitionEOF: false })
            {
                return PartitionCheckpoint.FromBytes(r.Message.Value);
            }
        }

        throw new TimeoutException($"could not read the checkpoint of partition {partition} within {timeout}");
    }

    /// <summary>Flushes and releases the producer.</summary>
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Confluent.Kafka;

namespace LzDQM.Stages.Intake;

/// <summary>
/// The hand-over between the consume loop and one partition's pipeline: a bounded queue of
/// <see cref="IntakeMessage"/> in offset order, and the offsets the pipeline says may be committed.
/// Threading: exactly one writer (the consume-loop thread) and one reader (the partition's
/// pipeline); <see cref="ReleaseThrough"/> may be called from any thread. A full inbox makes the
/// consume loop pause the partition (backpressure reaches Kafka without blocking other partitions).
/// </summary>
public sealed class PartitionInbox
{
    private readonly Channel<IntakeMessage> _queue;
    private readonly ConcurrentQueue<TopicPartitionOffset> _releases = new();

    /// <summary>Creates an inbox for partition index <paramref name="partition"/>.</summary>
    public PartitionInbox(int partition, int capacity)
    {
        Partition = partition;
        _queue = Channel.CreateBounded<IntakeMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The partition index (the same index in each input topic: one run's data).</summary>
    public int Partition { get; }

    /// <summary>What the pipeline reads; completes when the partition is revoked or lost.</summary>
    public ChannelReader<IntakeMessage> Reader => _queue.Reader;

    /// <summary>Cancelled when the partition is revoked or lost: the pipeline drops its state.</summary>
    public CancellationTokenSource Revoked { get; } = new();

    /// <summary>Consume-loop side: queues a message; false when full.</summary>
    internal bool TryWrite(IntakeMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>Consume-loop side: no more messages.</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// Pipeline side: every message of <paramref name="next"/>'s topic-partition before its offset
    /// is fully written, so the group may commit <paramref name="next"/> (the next offset to read).
    /// </summary>
    public void ReleaseThrough(TopicPartitionOffset next) => _releases.Enqueue(next);

    /// <summary>Consume-loop side: the releases since the last call.</summary>
    internal bool TryTakeRelease(out TopicPartitionOffset next) => _releases.TryDequeue(out next!);
}

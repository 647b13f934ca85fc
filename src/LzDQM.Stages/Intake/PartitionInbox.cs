using System.Collections.Concurrent;
using System.Threading.Channels;
using Confluent.Kafka;
using LzDQM.Contracts.Wire;

namespace LzDQM.Stages.Intake;

/// <summary>
/// The hand-over between the consume loop and one partition's pipeline: one bounded queue per
/// input topic (so the pipeline can merge the streams in event time, and a stream that runs
/// ahead is paused alone), and the offsets the pipeline says may be committed.
/// Threading: exactly one writer (the consume-loop thread) and one reader (the partition's
/// pipeline); <see cref="ReleaseThrough"/> may be called from any thread.
/// </summary>
public sealed class PartitionInbox
{
    private readonly ConcurrentQueue<TopicPartitionOffset> _releases = new();
    private int _backlog;

    /// <summary>Creates an inbox for partition index <paramref name="partition"/>.</summary>
    public PartitionInbox(int partition, int capacity)
    {
        Partition = partition;
        Triggers = Bounded(capacity);
        Pulses = Bounded(capacity);
        Runs = Bounded(capacity);
    }

    /// <summary>The partition index (the same index in each input topic: one run's data).</summary>
    public int Partition { get; }

    /// <summary>Messages of <see cref="Topics.Triggers"/>, in offset order.</summary>
    public Channel<IntakeMessage> Triggers { get; }

    /// <summary>Messages of <see cref="Topics.Pulses"/>, in offset order.</summary>
    public Channel<IntakeMessage> Pulses { get; }

    /// <summary>Messages of <see cref="Topics.Runs"/>, in offset order.</summary>
    public Channel<IntakeMessage> Runs { get; }

    /// <summary>Cancelled when the partition is revoked or lost: the pipeline drops its state.</summary>
    public CancellationTokenSource Revoked { get; } = new();

    /// <summary>The queue of a topic.</summary>
    public Channel<IntakeMessage> For(string topic) => topic switch
    {
        Topics.Triggers => Triggers,
        Topics.Pulses => Pulses,
        _ => Runs,
    };

    /// <summary>
    /// Whether Kafka holds messages of <paramref name="topic"/> for this partition that have not
    /// reached the inbox yet (consumer lag, or messages held while the topic-partition is paused).
    /// An empty queue with a backlog is slow, not idle: the <see cref="Pipeline.StreamAligner"/>
    /// keeps waiting for it, so event-time alignment never depends on fetch timing. Any thread.
    /// </summary>
    public bool HasBacklog(string topic) => (Volatile.Read(ref _backlog) & Bit(topic)) != 0;

    /// <summary>Consume-loop side: records whether <paramref name="topic"/> has a backlog.</summary>
    internal void SetBacklog(string topic, bool backlog)
    {
        int current, next;
        do
        {
            current = Volatile.Read(ref _backlog);
            next = backlog ? current | Bit(topic) : current & ~Bit(topic);
        }
        while (Interlocked.CompareExchange(ref _backlog, next, current) != current);
    }

    /// <summary>Consume-loop side: queues a message; false when its topic's queue is full.</summary>
    internal bool TryWrite(IntakeMessage message) => For(message.Position.Topic).Writer.TryWrite(message);

    /// <summary>Consume-loop side: no more messages.</summary>
    internal void Complete()
    {
        Triggers.Writer.TryComplete();
        Pulses.Writer.TryComplete();
        Runs.Writer.TryComplete();
    }

    /// <summary>
    /// Pipeline side: every message of <paramref name="next"/>'s topic-partition before its offset
    /// is fully written, so the group may commit <paramref name="next"/> (the next offset to read).
    /// </summary>
    public void ReleaseThrough(TopicPartitionOffset next) => _releases.Enqueue(next);

    /// <summary>Consume-loop side: the releases since the last call.</summary>
    internal bool TryTakeRelease(out TopicPartitionOffset next) => _releases.TryDequeue(out next!);

    private static int Bit(string topic) => topic switch
    {
        Topics.Triggers => 1,
        Topics.Pulses => 2,
        _ => 4,
    };

    private static Channel<IntakeMessage> Bounded(int capacity) =>
        Channel.CreateBounded<IntakeMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
}

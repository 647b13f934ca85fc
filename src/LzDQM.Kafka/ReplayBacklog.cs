using Confluent.Kafka;

namespace LzDQM.Kafka;

/// <summary>
/// Un-consumed bytes per partition: what the broker acknowledged minus what the slowest consumer
/// group has committed, plus what is still in flight. Thread-safe (delivery reports arrive on the
/// producer's poll thread, checks on the publishing thread).
/// </summary>
internal sealed class ReplayBacklog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, PartitionLog> _partitions = [];
    private long _inFlightBytes;

    /// <summary>Bytes handed to the producer and not yet acknowledged.</summary>
    public long InFlightBytes => Interlocked.Read(ref _inFlightBytes);

    /// <summary>Partitions that have acknowledged messages of this replay.</summary>
    public IReadOnlyList<TopicPartition> Partitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _partitions.Keys];
            }
        }
    }

    /// <summary>A message of <paramref name="bytes"/> was handed to the producer.</summary>
    public void Sent(long bytes) => Interlocked.Add(ref _inFlightBytes, bytes);

    /// <summary>The broker acknowledged (or rejected) a message of <paramref name="bytes"/>.</summary>
    public void Delivered(TopicPartitionOffset? where, long bytes)
    {
        Interlocked.Add(ref _inFlightBytes, -bytes);
        if (where is null || where.Offset.IsSpecial)
        {
            return;
        }

        lock (_gate)
        {
            if (!_partitions.TryGetValue(where.TopicPartition, out var log))
            {
                log = new PartitionLog();
                _partitions[where.TopicPartition] = log;
            }

            log.Produced += bytes;
            log.Pending.Enqueue((where.Offset.Value, log.Produced));
        }
    }

    /// <summary>
    /// The slowest group has consumed everything before <paramref name="committed"/> in this
    /// partition (Kafka's committed offset is the next one to read).
    /// </summary>
    public void Committed(TopicPartition partition, long committed)
    {
        lock (_gate)
        {
            if (!_partitions.TryGetValue(partition, out var log))
            {
                return;
            }

            while (log.Pending.Count > 0 && log.Pending.Peek().Offset < committed)
            {
                log.Consumed = log.Pending.Dequeue().ProducedAfter;
            }
        }
    }

    /// <summary>Largest un-consumed backlog of any partition, counting in-flight bytes as if all went there.</summary>
    public long WorstAheadBytes()
    {
        long worst = 0;
        lock (_gate)
        {
            foreach (var log in _partitions.Values)
            {
                worst = Math.Max(worst, log.Produced - log.Consumed);
            }
        }

        return worst + InFlightBytes;
    }

    private sealed class PartitionLog
    {
        public long Produced;
        public long Consumed;
        public readonly Queue<(long Offset, long ProducedAfter)> Pending = new();
    }
}

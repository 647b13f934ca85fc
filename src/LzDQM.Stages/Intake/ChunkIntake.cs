using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LzDQM.Kafka.Native;

namespace LzDQM.Stages.Intake;

/// <summary>
/// The Kafka source stage: one dedicated consume-loop thread that reads the three input topics
/// as a member of the node group, triages each message (<see cref="MessageTriage"/>), forwards bad
/// input to the dead-letter topic, and hands the rest to one <see cref="PartitionInbox"/> per
/// assigned partition index. A full inbox pauses its topic-partitions while the loop keeps
/// polling the others (backpressure without losing the group membership). Offsets are stored
/// only when a pipeline releases them (<c>enable.auto.offset.store=false</c>); librdkafka commits
/// stored offsets periodically and on revoke.
/// Threading: all Kafka calls happen on the loop thread; <see cref="Counters"/> may be read anywhere.
/// </summary>
public sealed class ChunkIntake : IDisposable
{
    // How long a just-assigned topic-partition whose watermarks are not known yet counts as having a backlog.
    private const long UnknownBacklogMs = 3000;

    private readonly IntakeOptions _options;
    private readonly Action<PartitionInbox> _opened;
    private readonly MessageTriage _triage = new();
    private readonly Dictionary<int, PartitionInbox> _inboxes = [];
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly Dictionary<TopicPartition, long> _assignedAt = [];
    private readonly Dictionary<TopicPartition, Queue<IntakeMessage>> _stalled = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DeadLetterForwarder? _deadLetters;
    private volatile bool _aborted;
    private readonly ILogger _logger;
    private IReadOnlyDictionary<int, long> _lag = new Dictionary<int, long>();
    private long _lagMeasuredAt;

    /// <summary>
    /// Creates the stage; <paramref name="opened"/> is called on the loop thread for each newly
    /// assigned partition index and must start that partition's pipeline without blocking.
    /// </summary>
    /// <param name="options">Kafka consumption settings.</param>
    /// <param name="opened">Starts a newly assigned partition's pipeline.</param>
    /// <param name="logger">Where librdkafka's own log goes (otherwise it writes to stderr).</param>
    public ChunkIntake(IntakeOptions options, Action<PartitionInbox> opened, ILogger? logger = null)
    {
        _options = options;
        _opened = opened;
        _logger = logger ?? NullLogger.Instance;
        _thread = new Thread(Loop) { IsBackground = true, Name = "lzdqm-intake" };
    }

    /// <summary>Counters for <c>dqm_node</c>.</summary>
    public IntakeCounters Counters { get; } = new();

    /// <summary>Completes when the loop has left the group and stopped; faults if it crashed.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Partition indexes currently owned (a snapshot; read from any thread).</summary>
    public IReadOnlyList<int> OwnedPartitions
    {
        get
        {
            lock (_inboxes)
            {
                return [.. _inboxes.Keys.Order()];
            }
        }
    }

    /// <summary>
    /// Consumer lag per owned partition index: messages of the input topics past this node's
    /// position (high watermark − position, summed over the topics), from the client's cached
    /// watermarks, refreshed every 100 ms by the loop thread (which also tells each inbox which of
    /// its streams have a backlog). An immutable snapshot; read
    /// from any thread. A partition with nothing fetched yet counts 0.
    /// </summary>
    public IReadOnlyDictionary<int, long> PartitionLag => Volatile.Read(ref _lag);

    /// <summary>Starts the consume loop.</summary>
    public void Start() => _thread.Start();

    /// <summary>Stops the loop, commits released offsets and leaves the group; waits for it.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _finished.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Stops as a crash would: no offsets stored or committed, no leave-group (the group notices
    /// after the session timeout), nothing flushed. For failure tests and a node that must die now.
    /// </summary>
    public async Task AbortAsync()
    {
        _aborted = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _finished.Task.ConfigureAwait(false);
    }

    /// <summary>Stops without waiting.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void Loop()
    {
        try
        {
            LibrdkafkaLibrary.EnsureLoaded();
            _deadLetters = new DeadLetterForwarder(_options.BootstrapServers);
            using var consumer = BuildConsumer();
            consumer.Subscribe([Topics.Triggers, Topics.Pulses, Topics.Runs]);
            while (!_stop.IsCancellationRequested)
            {
                StoreReleases(consumer);
                RetryStalled(consumer);
                MeasureLag(consumer);
                ConsumeResult<byte[]?, byte[]?>? r;
                try
                {
                    r = consumer.Consume(_options.PollTimeout);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    continue;
                }

                if (r is null || r.IsPartitionEOF)
                {
                    continue;
                }

                Counters.Message();
                Route(consumer, r);
            }

            if (!_aborted)
            {
                StoreReleases(consumer);
                consumer.Close(); // commits stored offsets and leaves the group at once
                _deadLetters.Dispose();
            }

            // On abort the consumer is disposed without Close: no commit, no leave-group.
            CloseAll();
            _finished.TrySetResult();
        }
        catch (Exception ex)
        {
            CloseAll();
            _finished.TrySetException(ex);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer() =>
        new ConsumerBuilder<byte[]?, byte[]?>(IntakeConsumerConfig())
        .SetLogHandler((_, m) => _logger.Log(LevelOf(m.Level), "librdkafka {Facility} {Name}: {Message}", m.Facility, m.Name, m.Message))
        .SetPartitionsAssignedHandler((_, tps) => Assign(tps))
        .SetPartitionsRevokedHandler((c, tps) => Revoke(c, tps.Select(t => t.TopicPartition), lost: false))
        .SetPartitionsLostHandler((c, tps) => Revoke(c, tps.Select(t => t.TopicPartition), lost: true))
        .Build();

    private static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        <= SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    private ConsumerConfig IntakeConsumerConfig()
    {
        // Short fetch wait and frequent commits (WireConsumerConfig) so a paced replay flows.
        var config = WireConsumerConfig.Create(_options.BootstrapServers, _options.GroupId);
        config.EnableAutoOffsetStore = false;
        // Range assignment gives a member the same partition index of every input topic, so
        // one run's triggers, pulses and transitions meet in one pipeline.
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range;
        config.SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds;
        return config;
    }

    private void Assign(IEnumerable<TopicPartition> tps)
    {
        foreach (var tp in tps)
        {
            _assigned.Add(tp);
            _assignedAt[tp] = Environment.TickCount64;
            PartitionInbox? fresh = null;
            lock (_inboxes)
            {
                if (!_inboxes.ContainsKey(tp.Partition.Value))
                {
                    fresh = new PartitionInbox(tp.Partition.Value, _options.InboxCapacity);
                    _inboxes[tp.Partition.Value] = fresh;
                }
            }

            if (fresh is not null)
            {
                _opened(fresh);
            }
        }
    }

    private void Revoke(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> tps, bool lost)
    {
        if (!lost)
        {
            StoreReleases(consumer); // the auto-commit on revoke then carries them
        }

        foreach (var tp in tps)
        {
            _assigned.Remove(tp);
            _assignedAt.Remove(tp);
            if (_stalled.Remove(tp, out var held) && held.Count > 0)
            {
                // librdkafka keeps the pause flag across a revoke: were the partition handed back to
                // this consumer, nobody would resume it and its stream would stop for good.
                try
                {
                    consumer.Resume([tp]);
                }
                catch (KafkaException ex)
                {
                    _logger.LogWarning("Could not resume {TopicPartition} on revoke: {Reason}", tp, ex.Error.Reason);
                }
            }

            _triage.Forget(tp);
            var index = tp.Partition.Value;
            if (_assigned.Any(a => a.Partition.Value == index))
            {
                continue;
            }

            PartitionInbox? inbox;
            lock (_inboxes)
            {
                if (_inboxes.Remove(index, out inbox))
                {
                    inbox.Revoked.Cancel();
                    inbox.Complete();
                }
            }
        }
    }

    private void Route(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> r)
    {
        var verdict = _triage.Triage(r);
        IntakeMessage message;
        if (verdict.Message is { } m)
        {
            message = m;
            if (m is TriggerInput)
            {
                Counters.Chunk(verdict.Events);
            }
        }
        else if (verdict.Duplicate)
        {
            Counters.Duplicate();
            message = new SkippedInput(r.TopicPartitionOffset, Task.CompletedTask);
        }
        else
        {
            Counters.Bad();
            message = new SkippedInput(r.TopicPartitionOffset, _deadLetters!.Forward(r, verdict.BadReason!));
        }

        PartitionInbox? inbox;
        lock (_inboxes)
        {
            _inboxes.TryGetValue(r.Partition.Value, out inbox);
        }

        if (inbox is null)
        {
            return; // revoked between fetch and now: the next owner reads it again
        }

        if (_stalled.TryGetValue(r.TopicPartition, out var queue) && queue.Count > 0)
        {
            queue.Enqueue(message);
        }
        else if (!inbox.TryWrite(message))
        {
            if (queue is null)
            {
                _stalled[r.TopicPartition] = queue = new Queue<IntakeMessage>();
            }

            queue.Enqueue(message);
            inbox.SetBacklog(r.Topic, true);
            consumer.Pause([r.TopicPartition]);
            Counters.Pause();
        }
    }

    private void RetryStalled(IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var (tp, queue) in _stalled)
        {
            if (queue.Count == 0)
            {
                continue;
            }

            PartitionInbox? inbox;
            lock (_inboxes)
            {
                _inboxes.TryGetValue(tp.Partition.Value, out inbox);
            }

            while (inbox is not null && queue.Count > 0 && inbox.TryWrite(queue.Peek()))
            {
                queue.Dequeue();
            }

            if (queue.Count == 0)
            {
                consumer.Resume([tp]);
            }
        }
    }

    private void StoreReleases(IConsumer<byte[]?, byte[]?> consumer)
    {
        PartitionInbox[] inboxes;
        lock (_inboxes)
        {
            inboxes = [.. _inboxes.Values];
        }

        foreach (var inbox in inboxes)
        {
            while (inbox.TryTakeRelease(out var next))
            {
                if (_assigned.Contains(next.TopicPartition))
                {
                    consumer.StoreOffset(next);
                }
            }
        }
    }

    // Only cached values (no broker round trip), so the loop never blocks on it.
    private void MeasureLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = Environment.TickCount64;
        if (now - _lagMeasuredAt < 100)
        {
            return;
        }

        _lagMeasuredAt = now;
        var lag = new Dictionary<int, long>();
        foreach (var tp in _assigned)
        {
            var behind = 0L;
            var known = false;
            try
            {
                var watermarks = consumer.GetWatermarkOffsets(tp);
                var position = consumer.Position(tp);
                // Before the first message is consumed the position is unset: where reading starts
                // (the committed offset) is not known here, so the backlog counts as unknown.
                known = watermarks.High.Value >= 0 && position.Value >= 0;
                if (known)
                {
                    behind = Math.Max(0, watermarks.High.Value - position.Value);
                }
            }
            catch (KafkaException)
            {
                // Not known yet (partition just assigned): counts 0 until the first fetch.
            }

            // Until the first message arrives, a just-assigned topic-partition may hold anything, for a while.
            var unknownYet = !known && now - _assignedAt.GetValueOrDefault(tp, now) < UnknownBacklogMs;

            lag[tp.Partition.Value] = lag.GetValueOrDefault(tp.Partition.Value) + behind;
            var held = _stalled.TryGetValue(tp, out var queue) && queue.Count > 0;
            PartitionInbox? inbox;
            lock (_inboxes)
            {
                _inboxes.TryGetValue(tp.Partition.Value, out inbox);
            }

            inbox?.SetBacklog(tp.Topic, behind > 0 || held || unknownYet);
        }

        Volatile.Write(ref _lag, lag);
    }

    private void CloseAll()
    {
        lock (_inboxes)
        {
            foreach (var inbox in _inboxes.Values)
            {
                inbox.Revoked.Cancel();
                inbox.Complete();
            }

            _inboxes.Clear();
        }
    }
}

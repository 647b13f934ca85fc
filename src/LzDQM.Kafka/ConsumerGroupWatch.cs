using System.Diagnostics;
using Confluent.Kafka;

namespace LzDQM.Kafka;

/// <summary>
/// Reads the committed offsets of the consumer groups a replay must not outrun and holds the
/// publishing thread while any partition is too far ahead of the slowest group. Uses one
/// non-subscribed consumer per group (it never joins the group, it only fetches offsets).
/// Used by the publishing thread only.
/// </summary>
internal sealed class ConsumerGroupWatch : IDisposable
{
    private readonly ReplayPublisherOptions _options;
    private readonly ReplayBacklog _backlog;
    private readonly List<(string Group, IConsumer<Ignore, Ignore> Consumer)> _groups = [];
    private readonly HashSet<string> _announced = [];

    // A consumer that stopped (or never commits) would hold the replay for ever: say so now and then.
    private static readonly TimeSpan StallNoticeInterval = TimeSpan.FromSeconds(30);

    public ConsumerGroupWatch(ReplayPublisherOptions options, ReplayBacklog backlog)
    {
        _options = options;
        _backlog = backlog;
        if (options.MaxAheadBytes <= 0)
        {
            return;
        }

        foreach (var group in options.ConsumerGroups.Distinct())
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = options.BootstrapServers,
                GroupId = group,
                EnableAutoCommit = false,
            };
            _groups.Add((group, new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).Build()));
        }
    }

    /// <summary>
    /// Returns once a message of <paramref name="nextBytes"/> fits under the limit (or nothing at
    /// all is outstanding, so one huge message cannot block forever); returns the time held.
    /// </summary>
    public TimeSpan HoldWhileAhead(long nextBytes, Action whileHeld, CancellationToken cancellationToken)
    {
        if (_groups.Count == 0 || Fits(nextBytes))
        {
            return TimeSpan.Zero;
        }

        var held = Stopwatch.StartNew();
        var nextStallNotice = StallNoticeInterval;
        while (true)
        {
            var idleGroups = Refresh();
            if (Fits(nextBytes))
            {
                return held.Elapsed;
            }

            // Say once per group that it has not started, not at every hold.
            var fresh = idleGroups.Where(_announced.Add).ToList();
            if (fresh.Count > 0)
            {
                _options.Notice?.Invoke(
                    $"waiting for consumer group {string.Join(", ", fresh)}… (nothing committed yet; holding at {_options.MaxAheadBytes / 1048576.0:0.#} MB ahead)");
            }

            if (held.Elapsed >= nextStallNotice)
            {
                nextStallNotice += StallNoticeInterval;
                _options.Notice?.Invoke(
                    $"held {held.Elapsed.TotalSeconds:0} s: consumer group {string.Join(", ", _groups.Select(g => g.Group))} is {_backlog.WorstAheadBytes() / 1048576.0:0.0} MB behind and not catching up");
            }

            whileHeld();
            cancellationToken.WaitHandle.WaitOne(_options.CommitPollInterval);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void Dispose()
    {
        foreach (var (_, consumer) in _groups)
        {
            consumer.Close();
            consumer.Dispose();
        }
    }

    private bool Fits(long nextBytes)
    {
        var ahead = _backlog.WorstAheadBytes();
        return ahead == 0 || ahead + nextBytes <= _options.MaxAheadBytes;
    }

    // Moves the backlog to the slowest group's committed offsets; returns the groups without any.
    private List<string> Refresh()
    {
        var partitions = _backlog.Partitions;
        var idle = new List<string>();
        if (partitions.Count == 0)
        {
            return idle;
        }

        var slowest = partitions.ToDictionary(p => p, _ => long.MaxValue);
        foreach (var (group, consumer) in _groups)
        {
            List<TopicPartitionOffset> committed;
            try
            {
                committed = consumer.Committed(partitions, TimeSpan.FromSeconds(2));
            }
            catch (KafkaException)
            {
                // Coordinator moving or broker down: keep holding, try again shortly.
                return idle;
            }

            if (committed.All(c => c.Offset.IsSpecial))
            {
                idle.Add(group);
            }

            foreach (var c in committed)
            {
                var offset = c.Offset.IsSpecial ? -1 : c.Offset.Value;
                slowest[c.TopicPartition] = Math.Min(slowest[c.TopicPartition], offset);
            }
        }

        foreach (var (partition, offset) in slowest)
        {
            _backlog.Committed(partition, offset);
        }

        return idle;
    }
}

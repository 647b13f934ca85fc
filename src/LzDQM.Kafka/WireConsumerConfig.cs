using Confluent.Kafka;

namespace LzDQM.Kafka;

/// <summary>
/// Consumer settings for reading the wire topics, tuned so a paced replay flows: the embedded
/// broker (librdkafka's mock) does not answer a waiting Fetch early when data arrives, so a
/// caught-up consumer with Kafka's default 500 ms fetch wait stalls the replay for that long at
/// every hold (measured: ~10 MB/s instead of ~45 MB/s); and <see cref="ReplayPublisher"/> sees
/// progress only through committed offsets, so they must be committed often.
/// </summary>
public static class WireConsumerConfig
{
    /// <summary>Fetch wait: short, see the type's remarks.</summary>
    public const int FetchWaitMaxMs = 20;

    /// <summary>Auto-commit interval: a replay holding at its limit resumes within about this long.</summary>
    public const int AutoCommitIntervalMs = 100;

    /// <summary>A consumer config for <paramref name="groupId"/> that starts at the earliest offset.</summary>
    public static ConsumerConfig Create(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = true,
        AutoCommitIntervalMs = AutoCommitIntervalMs,
        FetchWaitMaxMs = FetchWaitMaxMs,
    };
}

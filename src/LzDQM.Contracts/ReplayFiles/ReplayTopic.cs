using LzDQM.Contracts.Wire;

namespace LzDQM.Contracts.ReplayFiles;

/// <summary>The topic a replay record belongs to; stored as one byte.</summary>
public enum ReplayTopic : byte
{
    /// <summary><see cref="Topics.Runs"/>.</summary>
    Runs = 0,

    /// <summary><see cref="Topics.Triggers"/>.</summary>
    Triggers = 1,

    /// <summary><see cref="Topics.Pulses"/>.</summary>
    Pulses = 2,
}

/// <summary>Maps <see cref="ReplayTopic"/> to Kafka topic names.</summary>
public static class ReplayTopics
{
    /// <summary>The Kafka topic name of a replay topic.</summary>
    public static string ToTopicName(this ReplayTopic topic) => topic switch
    {
        ReplayTopic.Runs => Topics.Runs,
        ReplayTopic.Triggers => Topics.Triggers,
        ReplayTopic.Pulses => Topics.Pulses,
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, "unknown replay topic"),
    };
}

namespace LzDQM.Cluster;

/// <summary>DistributedPubSub topics the nodes publish to.</summary>
public static class ClusterTopics
{
    /// <summary>Every metric point a node emits; the alarm engine subscribes here.</summary>
    public const string MetricPoints = "lzdqm.metric-points";

    /// <summary>Each node's owned Kafka partitions, announced on change and every few seconds.</summary>
    public const string PartitionOwnership = "lzdqm.partition-ownership";

    /// <summary>Run transitions (START with the run's mode, STOP) a node's pipelines applied; the alarm engine subscribes here.</summary>
    public const string RunModes = "lzdqm.run-modes";

    /// <summary>
    /// A newly started alarm engine asks every node here to send it directly what it recently
    /// published (run modes, point batches), covering the hand-over gap of pub-sub's at-most-once delivery.
    /// </summary>
    public const string AlarmEngineCatchUp = "lzdqm.alarm-engine-catch-up";
}

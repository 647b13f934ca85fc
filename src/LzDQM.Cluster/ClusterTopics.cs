namespace LzDQM.Cluster;

/// <summary>DistributedPubSub topics the nodes publish to.</summary>
public static class ClusterTopics
{
    /// <summary>Every metric point a node emits; the alarm engine subscribes here.</summary>
    public const string MetricPoints = "lzdqm.metric-points";

    /// <summary>Each node's owned Kafka partitions, announced on change and every few seconds.</summary>
    public const string PartitionOwnership = "lzdqm.partition-ownership";
}

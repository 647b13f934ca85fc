namespace LzDQM.Cluster;

/// <summary>DistributedPubSub topics the nodes publish to.</summary>
public static class ClusterTopics
{
    /// <summary>Every metric point a node emits; the alarm engine subscribes here.</summary>
    public const string MetricPoints = "lzdqm.metric-points";
}

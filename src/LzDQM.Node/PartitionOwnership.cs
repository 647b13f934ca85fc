namespace LzDQM.Node;

/// <summary>
/// A node's announcement of the Kafka partition indexes it owns now, published on
/// <see cref="Cluster.ClusterTopics.PartitionOwnership"/> on every change and every few seconds.
/// </summary>
/// <param name="Node">Name of the announcing node.</param>
/// <param name="Partitions">Owned partition indexes, ascending.</param>
/// <param name="Lag">Unread messages per owned partition index (same order as <paramref name="Partitions"/>).</param>
/// <param name="SentAtUnixMs">Wall-clock send time, ms since the Unix epoch.</param>
public sealed record PartitionOwnership(string Node, int[] Partitions, long[] Lag, long SentAtUnixMs);

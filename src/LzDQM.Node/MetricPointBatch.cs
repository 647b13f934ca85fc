namespace LzDQM.Node;

/// <summary>
/// The points one partition pipeline emitted at once, as published on DistributedPubSub topic
/// <see cref="Cluster.ClusterTopics.MetricPoints"/> (alarm engine, live views). Points travel as
/// line-protocol lines (<see cref="Contracts.Metrics.LineProtocol"/>), so the message crosses nodes
/// with Akka's default serializer. Immutable.
/// </summary>
/// <param name="Node">Name of the node that computed the points.</param>
/// <param name="Lines">One line-protocol line per point, in emission order.</param>
public sealed record MetricPointBatch(string Node, string[] Lines);

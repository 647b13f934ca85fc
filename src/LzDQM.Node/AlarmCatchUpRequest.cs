namespace LzDQM.Node;

/// <summary>
/// Published by a newly started alarm engine on <see cref="Cluster.ClusterTopics.AlarmEngineCatchUp"/>:
/// every node answers the sender directly with its <see cref="RecentPublications"/> (each run's
/// mode as a START <see cref="RunModeSeen"/>, then the <see cref="MetricPointBatch"/>es, oldest first,
/// then the STOPs, then <see cref="AlarmCatchUpDone"/>). Immutable.
/// </summary>
/// <param name="Attempt">Which request of the engine this is (it asks again once pub-sub has spread its subscription).</param>
public sealed record AlarmCatchUpRequest(int Attempt);

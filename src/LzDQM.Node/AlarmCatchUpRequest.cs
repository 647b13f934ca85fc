namespace LzDQM.Node;

/// <summary>
/// Published by a newly started alarm engine on <see cref="Cluster.ClusterTopics.AlarmEngineCatchUp"/>:
/// every node answers the sender directly with its <see cref="RecentPublications"/> in
/// <see cref="AlarmCatchUpPart"/>s (each run's mode as a START, then the batches, oldest first, then
/// the STOPs), then <see cref="AlarmCatchUpDone"/>. Immutable.
/// </summary>
/// <param name="Attempt">Which request of this engine it is (for the logs).</param>
public sealed record AlarmCatchUpRequest(int Attempt);

namespace LzDQM.Cli.Demo;

/// <summary>What the live view shows at one moment. Immutable.</summary>
/// <param name="Title">Header: scenario and setup.</param>
/// <param name="Phase">What the demo is doing now.</param>
/// <param name="Elapsed">Wall time since the demo started.</param>
/// <param name="Replay">Replay progress, once publishing started.</param>
/// <param name="EventsPerSecond">Events the cluster consumed per wall-clock second, lately.</param>
/// <param name="Lag">Unread messages over every partition.</param>
/// <param name="PointsWritten">Points durably written to the node files.</param>
/// <param name="Runs">Per-run values (provisional, from kernel snapshots).</param>
/// <param name="Nodes">Per-node ownership and load.</param>
/// <param name="ClusterOwners">Partition owners as the cluster-wide view (DistributedPubSub announcements) has them.</param>
internal sealed record LiveSample(
    string Title,
    string Phase,
    TimeSpan Elapsed,
    LiveReplay? Replay,
    double EventsPerSecond,
    long Lag,
    long PointsWritten,
    IReadOnlyList<LiveRun> Runs,
    IReadOnlyList<LiveNode> Nodes,
    IReadOnlyList<(int Partition, string Node)> ClusterOwners);

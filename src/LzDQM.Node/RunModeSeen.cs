using LzDQM.Contracts.V1;

namespace LzDQM.Node;

/// <summary>
/// A run transition a node's pipeline applied (START with the run's mode, or STOP), published on
/// <see cref="Cluster.ClusterTopics.RunModes"/> so the alarm engine applies each rule only in the run
/// modes it names. Also re-sent on an engine's catch-up request. Immutable.
/// </summary>
/// <param name="Node">Name of the node whose pipeline saw the transition.</param>
/// <param name="Run">Run number.</param>
/// <param name="Mode">The run's mode from its START (<see cref="RunMode.Unspecified"/> when only a STOP was seen).</param>
/// <param name="StartNs">Event time of the START, UTC ns (0 when unknown).</param>
/// <param name="StopNs">Event time of the STOP, UTC ns; null while the run is open.</param>
public sealed record RunModeSeen(string Node, uint Run, RunMode Mode, long StartNs, long? StopNs);

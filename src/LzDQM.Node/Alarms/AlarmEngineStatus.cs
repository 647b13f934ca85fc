namespace LzDQM.Node.Alarms;

/// <summary>What the engine holds now. Immutable.</summary>
/// <param name="Node">The node hosting the singleton.</param>
/// <param name="PointsObserved">Metric points evaluated since this incarnation started.</param>
/// <param name="Transitions">Alarm transitions since this incarnation started.</param>
/// <param name="PagesSent">Notifications the receivers acknowledged (the replicated count: across hand-overs).</param>
/// <param name="Outbox">Pages not yet acknowledged.</param>
/// <param name="Restored">Whether this incarnation started from replicated state.</param>
public sealed record AlarmEngineStatus(string Node, long PointsObserved, long Transitions, long PagesSent, int Outbox, bool Restored);

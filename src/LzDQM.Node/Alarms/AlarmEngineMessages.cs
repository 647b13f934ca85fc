namespace LzDQM.Node.Alarms;

/// <summary>
/// The singleton manager's termination message for the alarm engine (hand-over, node leaving):
/// the engine lets its in-flight pages finish for a moment, writes its state with a majority, then stops.
/// </summary>
public sealed class StopAlarmEngine
{
    /// <summary>The one instance.</summary>
    public static readonly StopAlarmEngine Instance = new();

    private StopAlarmEngine()
    {
    }
}

/// <summary>Ask the engine (through its proxy) for <see cref="AlarmEngineStatus"/>.</summary>
public sealed class GetAlarmEngineStatus
{
    /// <summary>The one instance.</summary>
    public static readonly GetAlarmEngineStatus Instance = new();

    private GetAlarmEngineStatus()
    {
    }
}

/// <summary>What the engine holds now. Immutable.</summary>
/// <param name="Node">The node hosting the singleton.</param>
/// <param name="PointsObserved">Metric points evaluated since this incarnation started.</param>
/// <param name="Transitions">Alarm transitions since this incarnation started.</param>
/// <param name="PagesSent">Pages and resolves the receivers acknowledged since this incarnation started.</param>
/// <param name="Outbox">Pages not yet acknowledged.</param>
/// <param name="Restored">Whether this incarnation started from replicated state.</param>
public sealed record AlarmEngineStatus(string Node, long PointsObserved, long Transitions, long PagesSent, int Outbox, bool Restored);

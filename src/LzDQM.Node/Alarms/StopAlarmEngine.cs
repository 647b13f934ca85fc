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

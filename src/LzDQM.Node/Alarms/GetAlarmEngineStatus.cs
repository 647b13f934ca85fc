namespace LzDQM.Node.Alarms;

/// <summary>Ask the engine (through its proxy) for <see cref="AlarmEngineStatus"/>.</summary>
public sealed class GetAlarmEngineStatus
{
    /// <summary>The one instance.</summary>
    public static readonly GetAlarmEngineStatus Instance = new();

    private GetAlarmEngineStatus()
    {
    }
}

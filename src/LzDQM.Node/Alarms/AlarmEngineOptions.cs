namespace LzDQM.Node.Alarms;

/// <summary>
/// How the alarm-engine singleton keeps its state (<c>LzDQM:AlarmEngine</c>); the rules and
/// notifiers are <see cref="LzDQM.Alarms.Rules.AlarmOptions"/> (<c>LzDQM:Alarms</c>).
/// </summary>
public sealed class AlarmEngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "LzDQM:AlarmEngine";

    /// <summary>Whether this cluster runs the alarm engine at all (every node must agree).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a majority read or write of the replicated state may take before the local replica is used.</summary>
    public TimeSpan StateTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the evaluation state is replicated when points changed it (transitions and acknowledgements are replicated at once).</summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason on unusable values.</summary>
    public void Validate()
    {
        if (StateTimeout <= TimeSpan.Zero || PersistInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("LzDQM:AlarmEngine: StateTimeout and PersistInterval must be positive");
        }
    }
}

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

    /// <summary>
    /// Whether the engine moves live runs' event-time clocks with the wall clock while no consumer
    /// lags, so a NoData rule pages a DAQ stall during the stall (in event time alone it pages only
    /// when data resume). Only when every open run is live (see <see cref="LiveHorizon"/>).
    /// </summary>
    public bool LiveClock { get; set; } = true;

    /// <summary>How far behind the wall clock the live clock stays: longer than a window takes to reach the engine once its data arrived.</summary>
    public TimeSpan LiveLateness { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A run is live while its newest point is at most this old in wall time (a replay's event time is far older).</summary>
    public TimeSpan LiveHorizon { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest consumer lag (messages per partition) at which the metrics count as current.</summary>
    public long LiveMaxLag { get; set; } = 10;

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason on unusable values.</summary>
    public void Validate()
    {
        if (StateTimeout <= TimeSpan.Zero || PersistInterval <= TimeSpan.Zero || LiveLateness <= TimeSpan.Zero || LiveHorizon <= LiveLateness || LiveMaxLag < 0)
        {
            throw new ArgumentException("LzDQM:AlarmEngine: StateTimeout, PersistInterval and LiveLateness must be positive, LiveHorizon longer than LiveLateness, LiveMaxLag not negative");
        }
    }
}

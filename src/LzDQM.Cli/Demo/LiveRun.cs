namespace LzDQM.Cli.Demo;

/// <summary>One run's latest values.</summary>
/// <param name="Run">Run number.</param>
/// <param name="Partition">Partition carrying it.</param>
/// <param name="Node">Node computing it.</param>
/// <param name="EventMinutes">Event time reached, minutes since the run's first window.</param>
/// <param name="Stopped">True once the run's STOP was processed (values are then the last seen).</param>
/// <param name="TriggerHz">Trigger rate, all types.</param>
/// <param name="LiveFraction">Live fraction.</param>
/// <param name="TauMs">Electron lifetime, ms (Kr-83m population when there is one).</param>
/// <param name="TauPopulation">Which population τ is from.</param>
/// <param name="CathodeUs">Cathode edge, µs.</param>
/// <param name="Sigma0Us">S2 σ₀, µs.</param>
/// <param name="DiffusionCm2S">D_L, cm²/s.</param>
/// <param name="Alarms">The run's alarms that are pending or firing now (name and state), from the engine's <c>dqm_alarm</c> points.</param>
internal sealed record LiveRun(
    string Run,
    int Partition,
    string Node,
    double? EventMinutes,
    bool Stopped,
    LiveValue? TriggerHz,
    LiveValue? LiveFraction,
    LiveValue? TauMs,
    string? TauPopulation,
    LiveValue? CathodeUs,
    LiveValue? Sigma0Us,
    LiveValue? DiffusionCm2S,
    IReadOnlyList<LiveAlarm>? Alarms = null);

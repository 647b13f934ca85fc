namespace LzDQM.Simulation;

/// <summary>Counts from one simulation pass.</summary>
/// <param name="Events">Recorded events (triggers).</param>
/// <param name="Pulses">Pulses over all events.</param>
/// <param name="Chunks">Chunks per topic (trigger and pulse chunks pair up).</param>
/// <param name="LostTriggers">Physical triggers lost in dead time or stalls.</param>
/// <param name="Records">Replay records (run control + chunks).</param>
/// <param name="ReplayBytes">Bytes of the replay file, or 0 when none was written.</param>
public sealed record SimulationSummary(long Events, long Pulses, long Chunks, long LostTriggers, long Records, long ReplayBytes);

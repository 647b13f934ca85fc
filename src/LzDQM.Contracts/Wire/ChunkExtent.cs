using LzDQM.Contracts.V1;

namespace LzDQM.Contracts.Wire;

/// <summary>Where a chunk sits in its run: number, event range and time range.</summary>
/// <param name="Run">Run number.</param>
/// <param name="Chunk">Chunk number within the run and topic.</param>
/// <param name="Events">Number of events.</param>
/// <param name="FirstEvent">First event number (0 when empty).</param>
/// <param name="LastEvent">Last event number (0 when empty).</param>
/// <param name="FirstTimeNs">First trigger time (0 when empty).</param>
/// <param name="LastTimeNs">Last trigger time (0 when empty).</param>
public readonly record struct ChunkExtent(uint Run, ulong Chunk, int Events, ulong FirstEvent, ulong LastEvent, long FirstTimeNs, long LastTimeNs)
{
    /// <summary>The extent of a trigger chunk.</summary>
    public static ChunkExtent Of(TriggerChunk c) => Of(c.Run, c.Chunk, c.Event, c.TriggerTimeNs);

    /// <summary>The extent of a pulse chunk.</summary>
    public static ChunkExtent Of(PulseChunk c) => Of(c.Run, c.Chunk, c.Event, c.TriggerTimeNs);

    private static ChunkExtent Of(uint run, ulong chunk, Google.Protobuf.Collections.RepeatedField<ulong> events, Google.Protobuf.Collections.RepeatedField<long> times) =>
        events.Count == 0 || times.Count == 0
            ? new ChunkExtent(run, chunk, 0, 0, 0, 0, 0)
            : new ChunkExtent(run, chunk, events.Count, events[0], events[^1], times[0], times[^1]);
}

namespace LzDQM.Contracts.Wire;

/// <summary>
/// The cross-chunk rules of SPEC §2 for one topic: chunk numbers 0,1,2,… per run without gaps,
/// event numbers strictly increasing and trigger times non-decreasing across chunks; a repeated
/// chunk number is a duplicate. The first chunk seen of a run sets the baseline (a consumer may
/// start mid-run from a committed offset). A jump is reported once and the sequence re-baselines
/// on the chunk after it, so one lost chunk upstream never poisons the rest of the run.
/// One instance per topic per partition; not thread-safe (one writer).
/// </summary>
public sealed class RunChunkSequence
{
    private readonly Dictionary<uint, Position> _runs = [];

    /// <summary>Number of runs tracked.</summary>
    public int RunCount => _runs.Count;

    /// <summary>
    /// Decides about a decoded chunk and advances the run's position. Call it for every chunk
    /// that decoded, valid or not, with <paramref name="contentValid"/> false when
    /// <see cref="ChunkValidator"/> found violations: its number still counts, its events do not.
    /// </summary>
    public SequenceVerdict Observe(ChunkExtent extent, bool contentValid = true)
    {
        if (!_runs.TryGetValue(extent.Run, out var p))
        {
            _runs[extent.Run] = Advance(default, extent, contentValid);
            return SequenceVerdict.InOrder;
        }

        if (extent.Chunk < p.NextChunk)
        {
            return SequenceVerdict.Duplicate;
        }

        var violations = new List<ChunkViolation>();
        if (extent.Chunk > p.NextChunk)
        {
            violations.Add(new ChunkViolation(ChunkRule.ChunkNumberJump,
                $"run {extent.Run}: chunk {extent.Chunk} after {p.NextChunk - 1} ({extent.Chunk - p.NextChunk} missing)"));
        }

        if (extent.Events > 0 && p.HasEvents)
        {
            if (extent.FirstEvent <= p.LastEvent)
            {
                violations.Add(new ChunkViolation(ChunkRule.EventsNotIncreasing,
                    $"run {extent.Run}: chunk {extent.Chunk} starts at event {extent.FirstEvent}, not after {p.LastEvent}"));
            }

            if (extent.FirstTimeNs < p.LastTimeNs)
            {
                violations.Add(new ChunkViolation(ChunkRule.TimeGoesBackwards,
                    $"run {extent.Run}: chunk {extent.Chunk} starts {p.LastTimeNs - extent.FirstTimeNs} ns before the previous chunk ended"));
            }
        }

        var eventsOk = violations.TrueForAll(v => v.Rule == ChunkRule.ChunkNumberJump);
        _runs[extent.Run] = Advance(p, extent, contentValid && eventsOk);
        return violations.Count == 0 ? SequenceVerdict.InOrder : new SequenceVerdict(SequenceKind.Broken, violations);
    }

    /// <summary>Forgets a run (after its STOP) so state does not grow with the number of runs.</summary>
    public bool Forget(uint run) => _runs.Remove(run);

    private static Position Advance(Position p, ChunkExtent e, bool takeEvents) =>
        takeEvents && e.Events > 0
            ? new Position(e.Chunk + 1, true, e.LastEvent, e.LastTimeNs)
            : p with { NextChunk = e.Chunk + 1 };

    private readonly record struct Position(ulong NextChunk, bool HasEvents, ulong LastEvent, long LastTimeNs);
}

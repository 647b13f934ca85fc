namespace LzDQM.Contracts.Wire;

/// <summary>Size limits of one chunk (SPEC §2).</summary>
public static class ChunkLimits
{
    /// <summary>At most this many events in one chunk.</summary>
    public const int MaxEvents = 2000;

    /// <summary>At most this much trigger time (1 s) between a chunk's first and last event.</summary>
    public const long MaxSpanNs = 1_000_000_000;
}

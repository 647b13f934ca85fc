namespace LzDQM.Contracts.Wire;

/// <summary>What <see cref="RunChunkSequence.Observe"/> decided about a chunk.</summary>
public enum SequenceKind
{
    /// <summary>The next chunk of its run (or the first one seen of the run).</summary>
    InOrder,

    /// <summary>A chunk number already seen: drop it and count it.</summary>
    Duplicate,

    /// <summary>Breaks a cross-chunk rule: dead-letter it with the violations.</summary>
    Broken,
}

/// <summary>The decision and, for <see cref="SequenceKind.Broken"/>, why.</summary>
/// <param name="Kind">The decision.</param>
/// <param name="Violations">Cross-chunk rules broken; empty unless <see cref="SequenceKind.Broken"/>.</param>
public sealed record SequenceVerdict(SequenceKind Kind, IReadOnlyList<ChunkViolation> Violations)
{
    /// <summary>The verdict for an in-order chunk.</summary>
    public static readonly SequenceVerdict InOrder = new(SequenceKind.InOrder, []);

    /// <summary>The verdict for a duplicate.</summary>
    public static readonly SequenceVerdict Duplicate = new(SequenceKind.Duplicate, []);
}

namespace LzDQM.Contracts.Wire;

/// <summary>One broken rule with a human-readable detail, e.g. the first offending index.</summary>
/// <param name="Rule">Which rule.</param>
/// <param name="Detail">Where and how, for the dead-letter header and logs.</param>
public sealed record ChunkViolation(ChunkRule Rule, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Rule}: {Detail}";

    /// <summary>Joins violations into one line for a dead-letter header.</summary>
    public static string Describe(IEnumerable<ChunkViolation> violations) => string.Join("; ", violations);
}

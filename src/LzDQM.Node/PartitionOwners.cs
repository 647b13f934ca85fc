using System.Collections.Immutable;

namespace LzDQM.Node;

/// <summary>
/// The cluster-wide view of who owns which partition: the latest unexpired
/// <see cref="PartitionOwnership"/> of every node, by node name. Immutable.
/// </summary>
/// <param name="ByNode">Latest announcement per node.</param>
public sealed record PartitionOwners(ImmutableSortedDictionary<string, PartitionOwnership> ByNode)
{
    /// <summary>No node known.</summary>
    public static PartitionOwners Empty { get; } = new(ImmutableSortedDictionary<string, PartitionOwnership>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The node owning partition index <paramref name="partition"/>, or null (none, or unknown yet).</summary>
    public string? OwnerOf(int partition) =>
        ByNode.Values.FirstOrDefault(o => o.Partitions.Contains(partition))?.Node;

    /// <summary>Every owned partition index with its owner, ascending.</summary>
    public IEnumerable<(int Partition, string Node)> Assignments =>
        ByNode.Values.SelectMany(o => o.Partitions.Select(p => (p, o.Node))).OrderBy(a => a.p);
}

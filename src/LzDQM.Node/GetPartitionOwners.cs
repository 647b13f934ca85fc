namespace LzDQM.Node;

/// <summary>Ask <see cref="PartitionOwnershipView"/> for the cluster's current partition owners; it answers <see cref="PartitionOwners"/>.</summary>
public sealed record GetPartitionOwners
{
    /// <summary>The one instance.</summary>
    public static GetPartitionOwners Instance { get; } = new();
}

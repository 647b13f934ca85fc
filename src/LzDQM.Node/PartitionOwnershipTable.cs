namespace LzDQM.Node;

/// <summary>
/// The latest <see cref="PartitionOwners"/> seen by this node's <see cref="PartitionOwnershipView"/>,
/// readable from any thread without asking the actor (the demo's live view polls it).
/// </summary>
public sealed class PartitionOwnershipTable
{
    private PartitionOwners _current = PartitionOwners.Empty;

    /// <summary>The latest view; immutable, safe to keep.</summary>
    public PartitionOwners Current => Volatile.Read(ref _current);

    internal void Publish(PartitionOwners owners) => Volatile.Write(ref _current, owners);
}

namespace LzDQM.Kernel.Panes;

/// <summary>
/// State of one step-sized slice of event time for one metric family. Panes merge exactly
/// (associative, commutative, <see cref="Clear"/> is the identity) and serialise compactly.
/// A pane has one writer at a time; it is not thread-safe.
/// </summary>
/// <typeparam name="TSelf">The pane type.</typeparam>
public interface IPane<TSelf>
    where TSelf : IPane<TSelf>
{
    /// <summary>Resets to the empty (identity) state.</summary>
    void Clear();

    /// <summary>Adds another pane's state to this one.</summary>
    void Merge(TSelf other);

    /// <summary>Writes the state.</summary>
    void Write(BinaryWriter writer);

    /// <summary>Replaces the state with one read from <see cref="Write"/> output.</summary>
    void Read(BinaryReader reader);

    /// <summary>Exact equality of state.</summary>
    bool SameState(TSelf other);
}

namespace LzDQM.Node;

/// <summary>A node has sent everything it held for an <see cref="AlarmCatchUpRequest"/>. Immutable.</summary>
/// <param name="Node">The answering node.</param>
/// <param name="Attempt">The request answered.</param>
/// <param name="Runs">Run transitions sent.</param>
/// <param name="Batches">Point batches sent.</param>
public sealed record AlarmCatchUpDone(string Node, int Attempt, int Runs, int Batches);

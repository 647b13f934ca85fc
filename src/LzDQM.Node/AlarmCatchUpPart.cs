namespace LzDQM.Node;

/// <summary>
/// Part of a node's answer to an <see cref="AlarmCatchUpRequest"/>, sent straight to the engine (in
/// order, chunked to stay well below the remoting frame size): run transitions and point batches the
/// node published lately, to be judged before the live stream. Immutable.
/// </summary>
/// <param name="Runs">Run transitions, to apply before <paramref name="Batches"/>.</param>
/// <param name="Batches">Point batches, oldest first.</param>
public sealed record AlarmCatchUpPart(RunModeSeen[] Runs, MetricPointBatch[] Batches);

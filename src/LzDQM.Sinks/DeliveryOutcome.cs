namespace LzDQM.Sinks;

/// <summary>
/// What became of the points of one enqueued batch once all of them are settled: written, or
/// rejected by the destination as bad data (counted, not retried). Either way nothing of the
/// batch is still in memory, so its Kafka offsets may be stored.
/// </summary>
/// <param name="Written">Points the destination durably accepted.</param>
/// <param name="Rejected">Points the destination refused as bad data (HTTP 400 and the like).</param>
/// <param name="RejectionReason">The destination's reason for the first rejected point, or null.</param>
public readonly record struct DeliveryOutcome(int Written, int Rejected, string? RejectionReason);

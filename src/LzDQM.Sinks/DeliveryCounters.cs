using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// A snapshot of a <see cref="PointDelivery"/>'s counters, for the <c>dqm_node</c> self-metrics.
/// All counts are totals since start, except the two depths.
/// </summary>
/// <param name="PointsEnqueued">Points accepted by EnqueueAsync.</param>
/// <param name="PointsWritten">Points the destination durably accepted.</param>
/// <param name="PointsRejected">Points the destination refused as bad data.</param>
/// <param name="WriteRetries">Write attempts that failed and were retried (destination down, 5xx, 429).</param>
/// <param name="FailedBatches">Write requests the destination rejected as bad data (4xx).</param>
/// <param name="BlockedEnqueues">EnqueueAsync calls that had to wait for room (backpressure).</param>
/// <param name="QueueDepth">Points held now: queued or being written, not yet settled.</param>
/// <param name="WaitingEnqueues">EnqueueAsync calls waiting for room now.</param>
public readonly record struct DeliveryCounters(
    long PointsEnqueued,
    long PointsWritten,
    long PointsRejected,
    long WriteRetries,
    long FailedBatches,
    long BlockedEnqueues,
    long QueueDepth,
    int WaitingEnqueues)
{
    /// <summary>
    /// The counters as <c>dqm_node</c> fields (SPEC §3 self-health): points_written, points_rejected,
    /// write_retries, failed_batches, blocked_enqueues, queue_depth.
    /// </summary>
    public IEnumerable<MetricField> ToNodeFields()
    {
        yield return MetricField.Integer("points_written", PointsWritten);
        yield return MetricField.Integer("points_rejected", PointsRejected);
        yield return MetricField.Integer("write_retries", WriteRetries);
        yield return MetricField.Integer("failed_batches", FailedBatches);
        yield return MetricField.Integer("blocked_enqueues", BlockedEnqueues);
        yield return MetricField.Integer("queue_depth", QueueDepth);
    }
}

using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// What the partition pipelines hand points to: one destination (<see cref="PointDelivery"/>) or
/// several (<see cref="FanOutDelivery"/>). Receipts settle in enqueue order, only once every point
/// of the batch is written; <c>EnqueueAsync</c> waits while the delivery holds its capacity.
/// Thread-safe.
/// </summary>
public interface IPointDelivery : IAsyncDisposable
{
    /// <summary>Hands a batch (possibly empty) over; <paramref name="onSettled"/> runs in enqueue order once it is written.</summary>
    ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, Action<DeliveryOutcome>? onSettled = null, CancellationToken cancellationToken = default);

    /// <summary>Writes what is held without waiting for batches to fill; returns when it has settled.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

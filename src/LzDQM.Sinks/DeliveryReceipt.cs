namespace LzDQM.Sinks;

/// <summary>
/// The acknowledgement of one batch handed to <see cref="PointDelivery.EnqueueAsync(IReadOnlyList{LzDQM.Contracts.Metrics.MetricPoint}, CancellationToken)"/>.
/// <see cref="Settled"/> completes only after every point of the batch is durably written (or
/// rejected as bad data); receipts of one <see cref="PointDelivery"/> settle in enqueue order.
/// It is cancelled, never completed, for points still unwritten when the delivery is disposed.
/// </summary>
public sealed class DeliveryReceipt
{
    internal DeliveryReceipt(long sequence, int count, Task<DeliveryOutcome> settled)
    {
        Sequence = sequence;
        Count = count;
        Settled = settled;
    }

    /// <summary>Enqueue order, starting at 1.</summary>
    public long Sequence { get; }

    /// <summary>Points in the batch.</summary>
    public int Count { get; }

    /// <summary>Completes when all points of the batch are written or rejected; continuations run asynchronously.</summary>
    public Task<DeliveryOutcome> Settled { get; }
}

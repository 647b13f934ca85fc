using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>One batch enqueued to a <see cref="PointDelivery"/> and its acknowledgement state (guarded by the delivery).</summary>
internal sealed class PendingPointBatch(IReadOnlyList<MetricPoint> points, long sequence, Action<DeliveryOutcome>? onSettled)
{
    public IReadOnlyList<MetricPoint> Points { get; } = points;

    public long Sequence { get; } = sequence;

    public Action<DeliveryOutcome>? OnSettled { get; } = onSettled;

    public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<DeliveryOutcome> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LinkedListNode<PendingPointBatch>? WaitNode { get; set; }

    public int Remaining { get; set; } = points.Count;

    public int Written { get; set; }

    public int Rejected { get; set; }

    public string? RejectionReason { get; set; }
}

using System.Collections.Concurrent;
using LzDQM.Contracts.Metrics;
using LzDQM.Sinks;

namespace LzDQM.Benchmarks.Pipeline;

/// <summary>Wraps a delivery and records, for every point, the wall-clock time its batch was written (settled).</summary>
internal sealed class TimedDelivery(IPointDelivery inner) : IPointDelivery
{
    public ConcurrentQueue<(MetricPoint Point, DateTime WrittenUtc)> Written { get; } = new();

    public ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, Action<DeliveryOutcome>? onSettled = null, CancellationToken cancellationToken = default) =>
        inner.EnqueueAsync(
            points,
            outcome =>
            {
                var now = DateTime.UtcNow;
                foreach (var p in points)
                {
                    Written.Enqueue((p, now));
                }

                onSettled?.Invoke(outcome);
            },
            cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

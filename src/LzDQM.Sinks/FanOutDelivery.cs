using System.Threading.Channels;
using LzDQM.Contracts.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LzDQM.Sinks;

/// <summary>
/// Delivers every batch to several destinations (e.g. InfluxDB and a line-protocol file, as
/// <c>lzdqm node --influx-url … --lp-out …</c> asks), each through its own
/// <see cref="PointDelivery"/>, and settles a batch only once every destination has: a Kafka
/// offset is stored only when its points are in all of them. Takes ownership of the deliveries.
/// </summary>
/// <remarks>
/// Threading: EnqueueAsync and FlushAsync may be called from any thread; enqueues are serialised
/// (so every destination sees the same order) and wait while any destination is full.
/// Settle callbacks run on one background task, strictly in enqueue order.
/// </remarks>
public sealed class FanOutDelivery : IPointDelivery
{
    private readonly PointDelivery[] _deliveries;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _enqueueTurn = new(1, 1);
    private readonly Channel<PendingFanOut> _order = Channel.CreateUnbounded<PendingFanOut>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _settler;
    private long _sequence;
    private int _disposed;

    /// <summary>Fans out to <paramref name="deliveries"/> (at least one).</summary>
    public FanOutDelivery(IEnumerable<PointDelivery> deliveries, ILogger? logger = null)
    {
        _deliveries = [.. deliveries];
        if (_deliveries.Length == 0)
        {
            throw new ArgumentException("FanOutDelivery needs at least one PointDelivery", nameof(deliveries));
        }

        _log = logger ?? NullLogger.Instance;
        _settler = Task.Run(SettleInOrderAsync);
    }

    /// <summary>The per-destination deliveries, for their counters.</summary>
    public IReadOnlyList<PointDelivery> Deliveries => _deliveries;

    /// <summary>
    /// Hands a batch to every destination, waiting while any of them is full. The receipt settles
    /// when all destinations have written (or rejected) the batch; its outcome has the fewest
    /// written and the most rejected points over the destinations. If the wait is cancelled after
    /// some destinations took the batch, they still write it (a harmless upsert if it is re-sent),
    /// and the caller gets <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, Action<DeliveryOutcome>? onSettled = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _enqueueTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var settled = new Task<DeliveryOutcome>[_deliveries.Length];
            for (var i = 0; i < _deliveries.Length; i++)
            {
                try
                {
                    settled[i] = (await _deliveries[i].EnqueueAsync(points, cancellationToken).ConfigureAwait(false)).Settled;
                }
                catch (OperationCanceledException) when (i > 0)
                {
                    _log.LogWarning("Enqueue cancelled after {Taken} of {All} destinations took the batch", i, _deliveries.Length);
                    throw;
                }
            }

            var pending = new PendingFanOut(++_sequence, settled, onSettled);
            ObjectDisposedException.ThrowIf(!_order.Writer.TryWrite(pending), this);

            return new DeliveryReceipt(pending.Sequence, points.Count, pending.Settled.Task);
        }
        finally
        {
            _enqueueTurn.Release();
        }
    }

    /// <summary>Flushes every destination; returns when everything enqueued so far has settled everywhere.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_deliveries.Select(d => d.FlushAsync(cancellationToken)));

    /// <summary>Disposes every delivery (each drains for its DrainTimeout), then settles or cancels what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_deliveries.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
        _order.Writer.TryComplete();
        await _settler.ConfigureAwait(false);
    }

    private async Task SettleInOrderAsync()
    {
        await foreach (var pending in _order.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            DeliveryOutcome[] outcomes;
            try
            {
                outcomes = await Task.WhenAll(pending.PerDestination).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Cancelled at dispose (unwritten somewhere): never acknowledged.
                if (ex is OperationCanceledException)
                {
                    pending.Settled.TrySetCanceled();
                }
                else
                {
                    pending.Settled.TrySetException(ex);
                }

                continue;
            }

            var combined = new DeliveryOutcome(
                outcomes.Min(o => o.Written),
                outcomes.Max(o => o.Rejected),
                outcomes.Select(o => o.RejectionReason).FirstOrDefault(r => r is not null));
            if (pending.OnSettled is { } callback)
            {
                try
                {
                    callback(combined);
                }
                catch (Exception ex)
                {
                    _log.LogError(ex, "A settle callback threw");
                }
            }

            pending.Settled.TrySetResult(combined);
        }
    }

    /// <summary>One fanned-out batch: its per-destination receipts and the combined one.</summary>
    private sealed class PendingFanOut(long sequence, Task<DeliveryOutcome>[] perDestination, Action<DeliveryOutcome>? onSettled)
    {
        public long Sequence { get; } = sequence;

        public Task<DeliveryOutcome>[] PerDestination { get; } = perDestination;

        public Action<DeliveryOutcome>? OnSettled { get; } = onSettled;

        public TaskCompletionSource<DeliveryOutcome> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

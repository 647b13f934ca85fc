using LzDQM.Contracts.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LzDQM.Sinks;

/// <summary>
/// Delivers metric points to one <see cref="IMetricSink"/> at least once: batches them (by size
/// and time), retries with exponential backoff and jitter while the destination is down or
/// answers 5xx/429, isolates and counts points the destination rejects as bad data (4xx) by
/// splitting the batch, holds at most <see cref="DeliveryOptions.Capacity"/> points in memory
/// (beyond that <see cref="EnqueueAsync(IReadOnlyList{MetricPoint}, CancellationToken)"/> waits:
/// backpressure, never a drop), and acknowledges each enqueued batch once all its points are
/// durably written, in enqueue order. Takes ownership of the sink.
/// </summary>
/// <remarks>
/// Threading: EnqueueAsync, FlushAsync and Snapshot may be called from any thread, concurrently.
/// One background task writes; nothing blocks a thread-pool thread (waits are awaits, the lock
/// guards only queue bookkeeping).
/// </remarks>
public sealed partial class PointDelivery : IPointDelivery
{
    private readonly IMetricSink _sink;
    private readonly DeliveryOptions _options;
    private readonly ILogger _log;
    private readonly object _gate = new();
    private readonly Queue<PendingPointBatch> _queue = new();
    private readonly LinkedList<PendingPointBatch> _waiting = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _abort = new();
    private readonly MetricPoint[] _batch;
    private readonly PendingPointBatch[] _owners;
    private readonly List<(PendingPointBatch Batch, int Count)> _segments = [];
    private readonly Task _writer;
    private Task? _disposal;
    private int _headOffset;
    private long _held;
    private long _sequence;
    private long _flushThrough;
    private PendingPointBatch? _lastAdmitted;
    private bool _closing;
    private Exception? _fault;
    private long _enqueued;
    private long _written;
    private long _rejected;
    private long _retries;
    private long _failedBatches;
    private long _blocked;

    /// <summary>Starts delivering to <paramref name="sink"/>; throws <see cref="ArgumentException"/> on bad options.</summary>
    public PointDelivery(IMetricSink sink, DeliveryOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _sink = sink;
        _options = options;
        _log = logger ?? NullLogger.Instance;
        _batch = new MetricPoint[options.BatchSize];
        _owners = new PendingPointBatch[options.BatchSize];
        _writer = Task.Run(RunAsync);
    }

    /// <summary>The sink points are delivered to.</summary>
    public IMetricSink Sink => _sink;

    /// <summary>
    /// Hands a batch over for delivery. Returns once the batch fits in memory (immediately unless
    /// <see cref="DeliveryOptions.Capacity"/> points are already held; a batch larger than the
    /// capacity is admitted when nothing else is held). The receipt settles when all points are
    /// written. An empty batch is allowed: its receipt settles after every batch enqueued before it,
    /// which is how a Kafka message that produced no point gets its offset stored in order.
    /// The caller must not change <paramref name="points"/> afterwards.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for room; nothing was enqueued.</exception>
    /// <exception cref="ObjectDisposedException">The delivery is being disposed.</exception>
    public ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken) =>
        EnqueueAsync(points, null, cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync(IReadOnlyList{MetricPoint}, CancellationToken)"/>, and calls
    /// <paramref name="onSettled"/> when the batch settles. Callbacks run on the delivery's writer,
    /// strictly in enqueue order, so they may store Kafka offsets directly; they must be quick and
    /// must not block. A callback that throws is logged and ignored.
    /// </summary>
    public async ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, Action<DeliveryOutcome>? onSettled = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        cancellationToken.ThrowIfCancellationRequested();
        PendingPointBatch pending;
        var admitted = false;
        lock (_gate)
        {
            ThrowIfClosing();
            pending = new PendingPointBatch(points, ++_sequence, onSettled);
            if (_waiting.Count == 0 && Fits(points.Count))
            {
                Admit(pending);
                admitted = true;
            }
            else
            {
                pending.WaitNode = _waiting.AddLast(pending);
                _blocked++;
            }
        }

        var receipt = new DeliveryReceipt(pending.Sequence, points.Count, pending.Settled.Task);
        if (admitted)
        {
            _wake.Release();
            return receipt;
        }

        using (cancellationToken.Register(
            static state =>
            {
                var (self, waiter) = ((PointDelivery, PendingPointBatch))state!;
                self.CancelWaiter(waiter);
            },
            (this, pending)))
        {
            await pending.Admitted.Task.ConfigureAwait(false);
        }

        return receipt;
    }

    /// <summary>
    /// Writes everything enqueued so far without waiting for batches to fill, and returns when it
    /// has all settled. Does not stop later enqueues.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        PendingPointBatch? last;
        lock (_gate)
        {
            last = _lastAdmitted;
            if (last is not null)
            {
                _flushThrough = Math.Max(_flushThrough, last.Sequence);
            }
        }

        if (last is null)
        {
            return;
        }

        _wake.Release();
        await last.Settled.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The counters now. Thread-safe.</summary>
    public DeliveryCounters Snapshot()
    {
        lock (_gate)
        {
            return new DeliveryCounters(_enqueued, _written, _rejected, _retries, _failedBatches, _blocked, _held, _waiting.Count);
        }
    }

    /// <summary>
    /// Stops accepting points, writes what is held for up to <see cref="DeliveryOptions.DrainTimeout"/>,
    /// then cancels the receipts of whatever is still unwritten and disposes the sink.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        Close(null);
        var drained = await Task.WhenAny(_writer, Task.Delay(_options.DrainTimeout)).ConfigureAwait(false) == _writer;
        if (!drained)
        {
            _log.LogWarning("{Sink}: {Held} points still unwritten after {Timeout}; their receipts are cancelled", _sink.Description, Snapshot().QueueDepth, _options.DrainTimeout);
            await _abort.CancelAsync().ConfigureAwait(false);
        }

        await _writer.ConfigureAwait(false);
        CancelQueued();
        await _sink.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    private bool Fits(int count) => _held == 0 || _held + count <= _options.Capacity;

    // Under _gate.
    private void Admit(PendingPointBatch pending)
    {
        _held += pending.Points.Count;
        _enqueued += pending.Points.Count;
        _queue.Enqueue(pending);
        _lastAdmitted = pending;
        pending.Admitted.TrySetResult();
    }

    private void ThrowIfClosing()
    {
        if (_fault is not null)
        {
            throw new InvalidOperationException($"point delivery to {_sink.Description} stopped: {_fault.Message}", _fault);
        }

        ObjectDisposedException.ThrowIf(_closing, this);
    }

    private void CancelWaiter(PendingPointBatch pending)
    {
        lock (_gate)
        {
            if (pending.WaitNode?.List is null)
            {
                return;
            }

            _waiting.Remove(pending.WaitNode);
            pending.WaitNode = null;
            var admittedAny = AdmitWaiters();
            pending.Admitted.TrySetCanceled();
            pending.Settled.TrySetCanceled();
            if (admittedAny)
            {
                _wake.Release();
            }
        }
    }

    // Under _gate: admits waiting batches in FIFO order while they fit.
    private bool AdmitWaiters()
    {
        var any = false;
        while (_waiting.First is { } node && Fits(node.Value.Points.Count))
        {
            _waiting.RemoveFirst();
            node.Value.WaitNode = null;
            Admit(node.Value);
            any = true;
        }

        return any;
    }

    private void Close(Exception? fault)
    {
        List<PendingPointBatch> refused;
        lock (_gate)
        {
            _closing = true;
            _fault ??= fault;
            refused = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var pending in refused)
        {
            pending.WaitNode = null;
            pending.Admitted.TrySetException(new ObjectDisposedException(nameof(PointDelivery)));
            pending.Settled.TrySetCanceled();
        }

        _wake.Release();
    }

    private void CancelQueued()
    {
        lock (_gate)
        {
            while (_queue.TryDequeue(out var pending))
            {
                pending.Settled.TrySetCanceled();
            }

            _held = 0;
        }
    }
}

using System.Diagnostics;
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
public sealed class PointDelivery : IAsyncDisposable
{
    private readonly IMetricSink _sink;
    private readonly DeliveryOptions _options;
    private readonly ILogger _log;
    private readonly object _gate = new();
    private readonly Queue<PendingBatch> _queue = new();
    private readonly LinkedList<PendingBatch> _waiting = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _abort = new();
    private readonly MetricPoint[] _batch;
    private readonly PendingBatch[] _owners;
    private readonly List<(PendingBatch Batch, int Count)> _segments = [];
    private readonly Task _writer;
    private Task? _disposal;
    private int _headOffset;
    private long _held;
    private long _sequence;
    private long _flushThrough;
    private PendingBatch? _lastAdmitted;
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
        _owners = new PendingBatch[options.BatchSize];
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
    public ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) =>
        EnqueueAsync(points, null, cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync(IReadOnlyList{MetricPoint}, CancellationToken)"/>, and calls
    /// <paramref name="onSettled"/> when the batch settles. Callbacks run on the delivery's writer,
    /// strictly in enqueue order, so they may store Kafka offsets directly; they must be quick and
    /// must not block. A callback that throws is logged and ignored.
    /// </summary>
    public async ValueTask<DeliveryReceipt> EnqueueAsync(IReadOnlyList<MetricPoint> points, Action<DeliveryOutcome>? onSettled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        cancellationToken.ThrowIfCancellationRequested();
        PendingBatch pending;
        var admitted = false;
        lock (_gate)
        {
            ThrowIfClosing();
            pending = new PendingBatch(points, ++_sequence, onSettled);
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
                var (self, waiter) = ((PointDelivery, PendingBatch))state!;
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
        PendingBatch? last;
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
    private void Admit(PendingBatch pending)
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

    private void CancelWaiter(PendingBatch pending)
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
        List<PendingBatch> refused;
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

    private async Task RunAsync()
    {
        var token = _abort.Token;
        try
        {
            while (await FillBatchAsync(token).ConfigureAwait(false) is var filled and >= 0)
            {
                if (filled > 0)
                {
                    await DeliverRangeAsync(0, filled, token).ConfigureAwait(false);
                }

                Settle(filled);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            foreach (var (pending, _) in _segments)
            {
                pending.Settled.TrySetCanceled();
            }
        }
        catch (Exception ex)
        {
            // A bug, not an outage (outages are retried inside DeliverRangeAsync): stop loudly.
            _log.LogCritical(ex, "{Sink}: point delivery stopped", _sink.Description);
            foreach (var (pending, _) in _segments)
            {
                pending.Settled.TrySetException(ex);
            }

            Close(ex);
            CancelQueued();
        }
    }

    /// <summary>
    /// Fills <see cref="_batch"/> from the queue; returns the number of points (the batch may
    /// also hold empty enqueues, in <see cref="_segments"/>), or -1 once closed and drained.
    /// </summary>
    private async Task<int> FillBatchAsync(CancellationToken token)
    {
        _segments.Clear();
        var filled = 0;
        long started = 0;
        while (true)
        {
            bool flushNow, closing;
            lock (_gate)
            {
                while (filled < _batch.Length && _queue.Count > 0)
                {
                    var head = _queue.Peek();
                    var take = Math.Min(_batch.Length - filled, head.Points.Count - _headOffset);
                    for (var i = 0; i < take; i++)
                    {
                        _batch[filled] = head.Points[_headOffset + i];
                        _owners[filled++] = head;
                    }

                    if (_segments.Count > 0 && ReferenceEquals(_segments[^1].Batch, head))
                    {
                        _segments[^1] = (head, _segments[^1].Count + take);
                    }
                    else
                    {
                        _segments.Add((head, take));
                    }

                    _headOffset += take;
                    if (_headOffset == head.Points.Count)
                    {
                        _queue.Dequeue();
                        _headOffset = 0;
                    }
                }

                flushNow = _segments.Count > 0 && _segments[0].Batch.Sequence <= _flushThrough;
                closing = _closing;
            }

            if (_segments.Count > 0 && started == 0)
            {
                started = Stopwatch.GetTimestamp();
            }

            var remaining = started == 0 ? Timeout.InfiniteTimeSpan : _options.FlushInterval - Stopwatch.GetElapsedTime(started);
            if (filled == _batch.Length || (_segments.Count > 0 && (flushNow || closing || remaining <= TimeSpan.Zero)))
            {
                return filled;
            }

            if (_segments.Count == 0 && closing)
            {
                return -1;
            }

            await _wake.WaitAsync(remaining, token).ConfigureAwait(false);
        }
    }

    private async Task DeliverRangeAsync(int offset, int count, CancellationToken token)
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                await _sink.WriteAsync(new ArraySegment<MetricPoint>(_batch, offset, count), token).ConfigureAwait(false);
                for (var i = offset; i < offset + count; i++)
                {
                    _owners[i].Written++;
                }

                lock (_gate)
                {
                    _written += count;
                }

                if (attempt > 0)
                {
                    _log.LogInformation("{Sink}: writing again after {Attempts} failed attempts", _sink.Description, attempt);
                }

                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (SinkWriteException ex) when (ex.Failure == SinkFailure.Rejected)
            {
                lock (_gate)
                {
                    _failedBatches++;
                }

                if (count > 1)
                {
                    // Split to find the bad points; the good halves are written (rewriting a point
                    // a server kept from a partial write is a harmless upsert).
                    var half = count / 2;
                    await DeliverRangeAsync(offset, half, token).ConfigureAwait(false);
                    await DeliverRangeAsync(offset + half, count - half, token).ConfigureAwait(false);
                    return;
                }

                var owner = _owners[offset];
                owner.Rejected++;
                owner.RejectionReason ??= ex.Message;
                lock (_gate)
                {
                    _rejected++;
                }

                _log.LogWarning("{Sink}: point rejected, not retried: {Reason}; point: {Point}", _sink.Description, ex.Message, _batch[offset]);
                return;
            }
            catch (Exception ex)
            {
                attempt++;
                lock (_gate)
                {
                    _retries++;
                }

                var delay = Backoff(attempt, (ex as SinkWriteException)?.RetryAfter);
                if (ex is not SinkWriteException)
                {
                    _log.LogError(ex, "{Sink}: unexpected write failure (attempt {Attempt}), retrying in {Delay}", _sink.Description, attempt, delay);
                }
                else if (attempt == 1 || (attempt & (attempt - 1)) == 0)
                {
                    _log.LogWarning("{Sink}: write of {Count} points failed (attempt {Attempt}), retrying in {Delay}: {Reason}", _sink.Description, count, attempt, delay, ex.Message);
                }

                await Task.Delay(delay, token).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var max = _options.MaxBackoff.Ticks;
        var exponential = _options.InitialBackoff.Ticks << Math.Min(attempt - 1, 30);
        var cap = exponential <= 0 || exponential > max ? max : exponential;

        // "Equal jitter": at least half the step, so retries neither synchronise across nodes nor spin.
        var ticks = (cap / 2) + Random.Shared.NextInt64((cap / 2) + 1);
        if (retryAfter is { } server && server.Ticks > ticks)
        {
            ticks = Math.Min(server.Ticks, max);
        }

        return TimeSpan.FromTicks(ticks);
    }

    // Runs on the writer after a batch: completes the receipts whose last point it carried, in order,
    // then frees the room and admits waiting enqueues.
    private void Settle(int filled)
    {
        foreach (var (pending, count) in _segments)
        {
            pending.Remaining -= count;
            if (pending.Remaining == 0)
            {
                var outcome = new DeliveryOutcome(pending.Written, pending.Rejected, pending.RejectionReason);
                if (pending.OnSettled is { } callback)
                {
                    try
                    {
                        callback(outcome);
                    }
                    catch (Exception ex)
                    {
                        _log.LogError(ex, "{Sink}: a settle callback threw", _sink.Description);
                    }
                }

                pending.Settled.TrySetResult(outcome);
            }
        }

        _segments.Clear();
        Array.Clear(_batch, 0, filled);
        Array.Clear(_owners, 0, filled);
        bool admittedAny;
        lock (_gate)
        {
            _held -= filled;
            admittedAny = AdmitWaiters();
        }

        if (admittedAny)
        {
            _wake.Release();
        }
    }

    /// <summary>One enqueued batch and its acknowledgement state.</summary>
    private sealed class PendingBatch(IReadOnlyList<MetricPoint> points, long sequence, Action<DeliveryOutcome>? onSettled)
    {
        public IReadOnlyList<MetricPoint> Points { get; } = points;

        public long Sequence { get; } = sequence;

        public Action<DeliveryOutcome>? OnSettled { get; } = onSettled;

        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<DeliveryOutcome> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<PendingBatch>? WaitNode { get; set; }

        public int Remaining { get; set; } = points.Count;

        public int Written { get; set; }

        public int Rejected { get; set; }

        public string? RejectionReason { get; set; }
    }
}

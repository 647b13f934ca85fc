using System.Diagnostics;
using LzDQM.Contracts.Metrics;
using Microsoft.Extensions.Logging;

namespace LzDQM.Sinks;

/// <summary>The writer side of <see cref="PointDelivery"/>: one background task fills, writes and settles batches.</summary>
public sealed partial class PointDelivery
{
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
}

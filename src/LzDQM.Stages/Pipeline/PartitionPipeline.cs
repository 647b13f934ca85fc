using Confluent.Kafka;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using LzDQM.Kernel;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;
using LzDQM.Sinks;
using LzDQM.Stages.Checkpoints;
using LzDQM.Stages.Intake;

namespace LzDQM.Stages.Pipeline;

/// <summary>
/// One assigned partition from inbox to sink: merges the input streams in event time
/// (<see cref="StreamAligner"/>), folds them into the partition's <see cref="DqmKernel"/>, hands the
/// points of closed windows to the <see cref="PointDelivery"/>, and checkpoints the open-window state
/// with the offsets it covers (SPEC §7) every <see cref="CheckpointInterval"/>, once all points before
/// it are written; offsets are released only up to a stored checkpoint. A node taking the partition
/// over restores the checkpoint and re-reads only since, whatever the window length (releasing
/// offsets by window instead would hold them back by 20 minutes of lifetime data, more than the
/// embedded broker keeps).
/// Threading: <see cref="RunAsync"/> is the partition's single writer; delivery callbacks only
/// hand checkpoints to the writer task over a channel.
/// </summary>
public sealed class PartitionPipeline
{
    private readonly PartitionInbox _inbox;
    private readonly KernelOptions _options;
    private readonly IPointDelivery _delivery;
    private readonly Action<IReadOnlyList<MetricPoint>>? _published;
    private readonly List<MetricPoint> _output = [];
    private readonly TriggerColumns _triggerColumns = new();
    private readonly PulseColumns _pulseColumns = new();
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private readonly Dictionary<TopicPartition, long> _restoredUpTo = [];
    private readonly System.Threading.Channels.Channel<PartitionCheckpoint> _checkpoints =
        System.Threading.Channels.Channel.CreateUnbounded<PartitionCheckpoint>(new() { SingleReader = true });
    private readonly CheckpointStore _store;
    private readonly HashSet<uint> _knownRuns = [];
    private long _lastCheckpoint;
    private long _maxCloseLatencyBits; // a double's bits, so the delivery callback can raise it lock-free
    private bool _foldedSinceCheckpoint;

    /// <summary>Creates the pipeline of one partition.</summary>
    /// <param name="inbox">The partition's inbox from the intake.</param>
    /// <param name="options">Kernel configuration (windows, cuts).</param>
    /// <param name="delivery">Where points go.</param>
    /// <param name="store">Where the partition's checkpoints go.</param>
    /// <param name="published">Called on the loop with every batch of points (pub-sub, live view).</param>
    public PartitionPipeline(PartitionInbox inbox, KernelOptions options, IPointDelivery delivery, CheckpointStore store, Action<IReadOnlyList<MetricPoint>>? published = null)
    {
        _store = store;
        _inbox = inbox;
        _options = options;
        _delivery = delivery;
        _published = published;
        Kernel = new DqmKernel(options, _output);
    }

    /// <summary>The partition index this pipeline owns.</summary>
    public int Partition => _inbox.Partition;

    /// <summary>The partition's kernel (its snapshot API may be used from any thread).</summary>
    public DqmKernel Kernel { get; }

    /// <summary>How long an empty data stream may hold the other back.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the open-window state is checkpointed (wall-clock).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Called on the loop with every run transition the kernel applies (and, after a restore, a START
    /// for every run the checkpoint holds, since its START may lie before the restored offsets), so
    /// the alarm engine learns each run's mode: a START before any point of the run, a STOP after the
    /// run's last points were handed on. Must not block.
    /// </summary>
    public Action<RunControl>? RunControlSeen { get; init; }

    /// <summary>Whether this pipeline started from a checkpoint.</summary>
    public bool Restored { get; private set; }

    /// <summary>Checkpoints written so far.</summary>
    public long CheckpointsWritten { get; private set; }

    /// <summary>
    /// The longest time, since the last call, from closing windows (folding the chunk that closed
    /// them) to their points being written, in ms; 0 when none closed. Any thread.
    /// </summary>
    public double TakeMaxCloseLatencyMs() => BitConverter.Int64BitsToDouble(Interlocked.Exchange(ref _maxCloseLatencyBits, 0));

    /// <summary>
    /// Chunks the kernel refused although the intake passed them (e.g. a chunk older than the run's
    /// previous one after a restore): refused whole without touching state; counted, never fatal.
    /// </summary>
    public long RefusedChunks { get; private set; }

    /// <summary>Points handed to the delivery so far.</summary>
    public long PointsEmitted { get; private set; }

    /// <summary>Runs until the partition is revoked (or the token fires); state is then dropped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _inbox.Revoked.Token);
        var aligner = new StreamAligner(_inbox, IdleTimeout, runKnown: _knownRuns.Contains);
        var checkpointWriter = WriteCheckpointsAsync(linked.Token);
        try
        {
            Restore(_store.ReadLatest(_inbox.Partition, TimeSpan.FromSeconds(10)));
            _lastCheckpoint = Environment.TickCount64;
            while (!linked.IsCancellationRequested)
            {
                if (aligner.TryNext() is { } message)
                {
                    await ProcessAsync(message, linked.Token).ConfigureAwait(false);
                    continue;
                }

                if (aligner.Completed)
                {
                    return;
                }

                // Idle (end of a replay, a quiet DAQ): still checkpoint what was folded since the
                // last one, so its offsets get committed and a paced producer can go on.
                await CheckpointIfDueAsync(linked.Token).ConfigureAwait(false);
                await aligner.WaitAsync(TimeSpan.FromMilliseconds(100), linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Revoked or stopping: the next owner re-reads from the committed offset.
        }
        finally
        {
            _checkpoints.Writer.TryComplete();
            await checkpointWriter.ConfigureAwait(false);
        }
    }

    private void Restore(PartitionCheckpoint? checkpoint)
    {
        if (checkpoint is null)
        {
            return;
        }

        foreach (var run in checkpoint.Runs)
        {
            var restored = RunAnalysis.FromBytes(run, _options);
            Kernel.MergeRun(restored);
            _knownRuns.Add(restored.Run);
            if (restored.StartNs is { } startNs)
            {
                RunControlSeen?.Invoke(new RunControl { Run = restored.Run, TimeNs = startNs, Transition = RunControl.Types.Transition.Start, Mode = restored.Mode });
            }
        }

        foreach (var o in checkpoint.NextOffsets)
        {
            _restoredUpTo[o.TopicPartition] = o.Offset.Value;
            _positions[o.TopicPartition] = o.Offset.Value;
        }

        Restored = true;
    }

    // Checkpoints reach this queue from the delivery's in-order callbacks, so each is written only
    // after every point emitted before it; its offsets are released only after it is stored.
    private async Task WriteCheckpointsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var checkpoint in _checkpoints.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _store.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
                CheckpointsWritten++;
                foreach (var next in checkpoint.NextOffsets)
                {
                    _inbox.ReleaseThrough(next);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: an unwritten checkpoint is simply not taken; the last one stands.
        }
    }

    private async Task CheckpointIfDueAsync(CancellationToken cancellationToken)
    {
        if (!_foldedSinceCheckpoint || Environment.TickCount64 - _lastCheckpoint < CheckpointInterval.TotalMilliseconds)
        {
            return;
        }

        _lastCheckpoint = Environment.TickCount64;
        _foldedSinceCheckpoint = false;
        var checkpoint = new PartitionCheckpoint(
            _inbox.Partition,
            [.. _positions.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value))],
            [.. Kernel.Runs.Values.Select(r => r.ToBytes())]);
        await _delivery.EnqueueAsync([], _ => _checkpoints.Writer.TryWrite(checkpoint), cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessAsync(IntakeMessage message, CancellationToken cancellationToken)
    {
        var tp = message.Position.TopicPartition;
        var offset = message.Position.Offset.Value;
        if (_restoredUpTo.TryGetValue(tp, out var restored) && offset < restored)
        {
            return; // already folded into the restored checkpoint
        }

        _positions[tp] = offset + 1;
        _foldedSinceCheckpoint = true;
        switch (message)
        {
            case TriggerInput t:
                _knownRuns.Add(t.Chunk.Run);
                _triggerColumns.CopyFrom(t.Chunk); // decoded once by the intake, JSON and protobuf alike
                try
                {
                    Kernel.OnTriggers(_triggerColumns);
                }
                catch (InvalidDataException)
                {
                    RefusedChunks++; // see RefusedChunks: refused whole, state untouched
                }

                break;
            case PulseInput p:
                _knownRuns.Add(p.Chunk.Run);
                _pulseColumns.CopyFrom(p.Chunk);
                try
                {
                    Kernel.OnPulses(_pulseColumns);
                }
                catch (InvalidDataException)
                {
                    RefusedChunks++;
                }

                break;
            case RunInput r:
                _knownRuns.Add(r.Transition.Run);
                Kernel.OnRunControl(r.Transition);
                if (r.Transition.Transition != RunControl.Types.Transition.Stop)
                {
                    RunControlSeen?.Invoke(r.Transition);
                }

                break;
            case SkippedInput s:
                // Its offset may only be covered by a checkpoint once its dead-letter copy is stored.
                await s.Forwarded.WaitAsync(cancellationToken).ConfigureAwait(false);
                break;
        }

        await DeliverAsync(cancellationToken).ConfigureAwait(false);
        if (message is RunInput { Transition.Transition: RunControl.Types.Transition.Stop } stop)
        {
            RunControlSeen?.Invoke(stop.Transition); // after the run's last points went out
        }

        await CheckpointIfDueAsync(cancellationToken).ConfigureAwait(false);
    }

    private void RecordCloseLatency(TimeSpan latency)
    {
        var ms = latency.TotalMilliseconds;
        long seen;
        do
        {
            seen = Volatile.Read(ref _maxCloseLatencyBits);
            if (BitConverter.Int64BitsToDouble(seen) >= ms)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _maxCloseLatencyBits, BitConverter.DoubleToInt64Bits(ms), seen) != seen);
    }

    // Points go to the delivery as soon as windows close; a checkpoint enqueued later settles after
    // them (PointDelivery settles in enqueue order), so no checkpoint covers an unwritten point.
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (_output.Count == 0)
        {
            return;
        }

        IReadOnlyList<MetricPoint> points = [.. _output];
        _output.Clear();
        PointsEmitted += points.Count;
        _published?.Invoke(points);
        var closedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        await _delivery.EnqueueAsync(points, _ => RecordCloseLatency(System.Diagnostics.Stopwatch.GetElapsedTime(closedAt)), cancellationToken)
            .ConfigureAwait(false);
    }
}

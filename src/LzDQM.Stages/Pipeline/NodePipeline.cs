using System.Collections.Concurrent;
using LzDQM.Contracts.Metrics;
using LzDQM.Kernel;
using LzDQM.Sinks;
using LzDQM.Stages.Checkpoints;
using LzDQM.Stages.Intake;

namespace LzDQM.Stages.Pipeline;

/// <summary>
/// Everything one node runs between Kafka and its sink: the intake (consume loop), one
/// <see cref="PartitionPipeline"/> per assigned partition, and the shared <see cref="PointDelivery"/>.
/// Thread-safe start and stop; the pipelines run on the thread pool, the intake on its own thread.
/// </summary>
public sealed class NodePipeline : IAsyncDisposable
{
    private readonly KernelOptions _kernelOptions;
    private readonly IPointDelivery _delivery;
    private readonly Action<IReadOnlyList<MetricPoint>>? _published;
    private readonly ConcurrentDictionary<int, (PartitionPipeline Pipeline, Task Running)> _pipelines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ChunkIntake _intake;
    private readonly CheckpointStore _store;

    /// <summary>Creates the node's pipeline; nothing runs before <see cref="Start"/>.</summary>
    /// <param name="intake">Kafka consumption settings.</param>
    /// <param name="kernel">Windows and cuts.</param>
    /// <param name="delivery">The sink in front of which points queue.</param>
    /// <param name="published">Called with every batch of points (pub-sub, live view).</param>
    /// <param name="checkpointInterval">Checkpoint the open windows this often (SPEC §7); default 5 s.</param>
    /// <param name="logger">Where the Kafka client's own log goes.</param>
    public NodePipeline(IntakeOptions intake, KernelOptions kernel, IPointDelivery delivery, Action<IReadOnlyList<MetricPoint>>? published = null, TimeSpan? checkpointInterval = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        _store = new CheckpointStore(intake.BootstrapServers, intake.GroupId);
        CheckpointInterval = checkpointInterval ?? TimeSpan.FromSeconds(5);

        _kernelOptions = kernel;
        _delivery = delivery;
        _published = published;
        _intake = new ChunkIntake(intake, Open, logger);
    }

    /// <summary>How often partition pipelines checkpoint.</summary>
    public TimeSpan CheckpointInterval { get; }

    /// <summary>
    /// Called with every run transition a partition pipeline applies (and the STARTs of runs restored
    /// from a checkpoint); from the partition pipelines' threads, concurrently. Must not block.
    /// </summary>
    public Action<Contracts.V1.RunControl>? RunControlSeen { get; init; }

    /// <summary>Intake counters.</summary>
    public IntakeCounters Counters => _intake.Counters;

    /// <summary>Partition indexes this node owns now.</summary>
    public IReadOnlyList<int> OwnedPartitions => _intake.OwnedPartitions;

    /// <summary>Consumer lag per owned partition index (see <see cref="ChunkIntake.PartitionLag"/>).</summary>
    public IReadOnlyDictionary<int, long> PartitionLag => _intake.PartitionLag;

    /// <summary>The pipelines of owned partitions (for snapshots and the live view).</summary>
    public IEnumerable<PartitionPipeline> Pipelines => _pipelines.Values.Select(p => p.Pipeline);

    /// <summary>The longest window close-to-written latency of any partition since the last call, ms.</summary>
    public double TakeMaxCloseLatencyMs() => Pipelines.Select(p => p.TakeMaxCloseLatencyMs()).DefaultIfEmpty(0).Max();

    /// <summary>Completes when the intake stops; faults if it crashed.</summary>
    public Task Finished => _intake.Finished;

    /// <summary>Starts consuming.</summary>
    public void Start() => _intake.Start();

    /// <summary>
    /// Graceful stop: writes out what the sinks hold, lets the pipelines release the offsets it
    /// covers, then commits and leaves the group, so the next owner re-reads as little as possible.
    /// </summary>
    public async Task StopAsync()
    {
        await _delivery.FlushAsync().ConfigureAwait(false);
        await Task.Delay(250).ConfigureAwait(false); // pipelines poll their settled acks every 100 ms
        await _intake.StopAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pipelines.Values.Select(p => p.Running)).ConfigureAwait(false);
    }

    /// <summary>
    /// Dies as a killed process would: the consumer leaves without committing or saying goodbye,
    /// pipelines stop where they are, checkpoints in flight are dropped.
    /// </summary>
    public async Task CrashAsync()
    {
        await _intake.AbortAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pipelines.Values.Select(p => p.Running)).ConfigureAwait(false);
    }

    /// <summary>Stops (if not yet) and releases the intake.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _intake.Dispose();
        _store.Dispose();
        _stop.Dispose();
    }

    private void Open(PartitionInbox inbox)
    {
        var pipeline = new PartitionPipeline(inbox, _kernelOptions, _delivery, _store, _published) { CheckpointInterval = CheckpointInterval, RunControlSeen = RunControlSeen };
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Task.Run(async () =>
        {
            await registered.Task.ConfigureAwait(false);
            try
            {
                await pipeline.RunAsync(_stop.Token).ConfigureAwait(false);
            }
            finally
            {
                if (_pipelines.TryGetValue(inbox.Partition, out var current) && ReferenceEquals(current.Pipeline, pipeline))
                {
                    _pipelines.TryRemove(inbox.Partition, out _);
                }
            }
        });
        _pipelines[inbox.Partition] = (pipeline, running);
        registered.SetResult();
    }
}

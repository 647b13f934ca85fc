using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Cluster;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using LzDQM.Sinks;
using LzDQM.Stages.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node;

/// <summary>
/// Runs one node's <see cref="NodePipeline"/> inside the host: starts it after the actor system,
/// publishes every point batch on <see cref="ClusterTopics.MetricPoints"/>, announces owned
/// partitions on <see cref="ClusterTopics.PartitionOwnership"/> (on change and every
/// <see cref="DqmNodeSettings.OwnershipInterval"/>), writes <c>dqm_node</c> every
/// <see cref="DqmNodeSettings.NodeMetricsInterval"/>, and on host stop (SIGTERM) or when the cluster
/// downs this node stops the pipeline gracefully: sinks flushed, offsets committed, group left.
/// Threading: the host calls Start/Stop; a background status loop does the periodic work.
/// </summary>
public sealed class DqmNodeService : IHostedService, IAsyncDisposable
{
    private readonly DqmNodeSettings _settings;
    private readonly ActorSystem _system;
    private readonly ILoggerFactory _loggers;
    private readonly NodePointDelivery _delivery;
    private readonly RecentPublications _recent;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopStatus = new();
    private readonly Dictionary<PartitionPipeline, long> _checkpointsSeen = [];
    private readonly Lock _stopGate = new();
    private IActorRef _mediator = ActorRefs.Nobody;
    private Task _status = Task.CompletedTask;
    private Task? _stopping;
    private long _checkpoints;

    /// <summary>Creates the service (the host does, through <see cref="DqmNodeHosting.AddDqmNode"/>).</summary>
    public DqmNodeService(DqmNodeSettings settings, ActorSystem system, ILoggerFactory loggers, NodePointDelivery delivery, RecentPublications recent)
    {
        _settings = settings;
        _delivery = delivery;
        _recent = recent;
        _system = system;
        _loggers = loggers;
        _log = loggers.CreateLogger<DqmNodeService>();
        NodeName = settings.NodeName ?? $"{settings.Node.PublicHostname ?? settings.Node.Hostname}:{settings.Node.Port}";
    }

    /// <summary>This node's name in <c>dqm_node</c>, pub-sub messages and the ownership view.</summary>
    public string NodeName { get; private set; }

    /// <summary>The running pipeline (null before start); for the live view's counters and snapshots.</summary>
    public NodePipeline? Pipeline { get; private set; }

    /// <summary>The delivery in front of the destinations (null before start).</summary>
    public IPointDelivery? Delivery { get; private set; }

    /// <summary>Checkpoints written by this node's pipelines since start.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Starts the pipeline and the status loop.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var self = Akka.Cluster.Cluster.Get(_system).SelfAddress;
        NodeName = _settings.NodeName ?? $"{self.Host}:{self.Port}";
        _mediator = DistributedPubSub.Get(_system).Mediator;
        Delivery = _delivery.Delivery;
        Pipeline = new NodePipeline(_settings.Intake, _settings.Kernel, Delivery, PublishPoints, _settings.CheckpointInterval, _loggers.CreateLogger("LzDQM.Kafka"))
        {
            RunControlSeen = PublishRunControl,
        };

        // When the cluster downs this node (split-brain resolver) its partitions must be let go too.
        Akka.Actor.CoordinatedShutdown.Get(_system).AddTask(Akka.Actor.CoordinatedShutdown.PhaseBeforeServiceUnbind, "lzdqm-stop-pipeline", async () =>
        {
            await StopPipelineAsync().ConfigureAwait(false);
            return Akka.Done.Instance;
        });

        // The alarm engine writes dqm_alarm through the same delivery until the node has left the
        // cluster (its singleton hands over then), so the delivery closes only after that.
        Akka.Actor.CoordinatedShutdown.Get(_system).AddTask(Akka.Actor.CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "lzdqm-close-delivery", async () =>
        {
            await _delivery.DisposeAsync().ConfigureAwait(false);
            return Akka.Done.Instance;
        });

        Pipeline.Start();
        _status = Task.Run(() => StatusLoopAsync(_stopStatus.Token), CancellationToken.None);
        _log.LogInformation("Node {Node} consuming from {Bootstrap} as group {Group}; checkpoints every {Interval}; destinations {Destinations}",
            NodeName, _settings.Intake.BootstrapServers, _settings.Intake.GroupId, _settings.CheckpointInterval, _settings.Destinations);
        return Task.CompletedTask;
    }

    /// <summary>Stops the pipeline gracefully (flush, commit, leave the group); the actor system leaves the cluster after.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopPipelineAsync().WaitAsync(cancellationToken);

    /// <summary>Stops what still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopPipelineAsync().ConfigureAwait(false);
        _stopStatus.Dispose();
    }

    private Task StopPipelineAsync()
    {
        lock (_stopGate)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        await _stopStatus.CancelAsync().ConfigureAwait(false);
        await _status.ConfigureAwait(false);
        if (Pipeline is { } pipeline)
        {
            _log.LogInformation("Node {Node} stopping: flushing points, committing offsets, leaving the consumer group", NodeName);
            await pipeline.StopAsync().ConfigureAwait(false);
            await pipeline.DisposeAsync().ConfigureAwait(false);
            Announce([], []);
        }

        if (Delivery is { } delivery)
        {
            // Closed after the cluster exit (see StartAsync): the alarm engine may still write.
            await delivery.FlushAsync().ConfigureAwait(false);
        }

        _log.LogInformation("Node {Node} stopped its pipeline", NodeName);
    }

    private void PublishPoints(IReadOnlyList<MetricPoint> points)
    {
        var lines = new string[points.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = LineProtocol.Format(points[i]);
        }

        var batch = new MetricPointBatch(NodeName, lines);
        _recent.Add(batch);
        _mediator.Tell(new Publish(ClusterTopics.MetricPoints, batch));
    }

    // Partition pipelines' threads: the engine needs each run's mode before judging its points.
    private void PublishRunControl(RunControl control)
    {
        var stopped = control.Transition == RunControl.Types.Transition.Stop;
        var seen = new RunModeSeen(NodeName, control.Run, control.Mode, stopped ? 0 : control.TimeNs, stopped ? control.TimeNs : null);
        _recent.Add(seen);
        _mediator.Tell(new Publish(ClusterTopics.RunModes, seen));
    }

    private void Announce(int[] partitions, long[] lag) =>
        _mediator.Tell(new Publish(ClusterTopics.PartitionOwnership, new PartitionOwnership(NodeName, partitions, lag, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));

    private async Task StatusLoopAsync(CancellationToken cancellationToken)
    {
        var pipeline = Pipeline!;
        var health = new NodeHealthSample(NodeName);
        var lastOwned = Array.Empty<int>();
        var lastAnnounce = 0L;
        var lastHealth = Environment.TickCount64;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                var owned = pipeline.OwnedPartitions.ToArray();
                var changed = !owned.SequenceEqual(lastOwned);
                if (changed)
                {
                    _log.LogInformation("Node {Node} owns partitions [{Partitions}]", NodeName, string.Join(",", owned));
                    lastOwned = owned;
                }

                if (changed || now - lastAnnounce >= _settings.OwnershipInterval.TotalMilliseconds)
                {
                    var lag = pipeline.PartitionLag;
                    Announce(owned, [.. owned.Select(p => lag.GetValueOrDefault(p))]);
                    lastAnnounce = now;
                }

                CountCheckpoints(pipeline);
                if (now - lastHealth >= _settings.NodeMetricsInterval.TotalMilliseconds)
                {
                    lastHealth = now;
                    var point = health.Take(pipeline, Delivery!, Checkpoints);
                    _mediator.Tell(new Publish(ClusterTopics.MetricPoints, new MetricPointBatch(NodeName, [LineProtocol.Format(point)])));
                    await Delivery!.EnqueueAsync([point], cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Node {Node} status loop failed; the pipeline keeps running", NodeName);
        }
    }

    private void CountCheckpoints(NodePipeline pipeline)
    {
        var current = pipeline.Pipelines.ToList();
        foreach (var p in current)
        {
            var written = p.CheckpointsWritten;
            var seen = _checkpointsSeen.GetValueOrDefault(p);
            if (written > seen)
            {
                Interlocked.Add(ref _checkpoints, written - seen);
                _checkpointsSeen[p] = written;
                _log.LogInformation("Node {Node} checkpointed partition {Partition} ({Count} checkpoints so far){Restored}",
                    NodeName, p.Partition, written, p.Restored ? ", restored from a checkpoint" : string.Empty);
            }
        }

        foreach (var gone in _checkpointsSeen.Keys.Except(current).ToList())
        {
            _checkpointsSeen.Remove(gone);
        }
    }
}

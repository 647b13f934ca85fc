using LzDQM.Contracts.Metrics;
using LzDQM.Sinks;
using LzDQM.Stages.Pipeline;

namespace LzDQM.Node;

/// <summary>
/// Builds the <c>dqm_node</c> self-metrics point (SPEC §3) of one node from its pipeline's and
/// deliveries' counters: rates over the time since the previous sample, totals since start.
/// Not thread-safe: one caller (the node's status loop).
/// </summary>
public sealed class NodeHealthSample
{
    /// <summary>Measurement name.</summary>
    public const string Measurement = "dqm_node";

    private readonly string _node;
    private long _lastChunks;
    private long _lastEvents;
    private long _lastTicks = Environment.TickCount64;

    /// <summary>Creates the sampler for the node named <paramref name="node"/>.</summary>
    public NodeHealthSample(string node) => _node = node;

    /// <summary>
    /// The point now: lag (sum and lag_p{N} per owned partition), chunks_s, events_s, bad_msgs,
    /// duplicates, messages, pauses, points_written, write_retries, queue_depth, checkpoints,
    /// owned_partitions, close_latency_ms (longest window close → points written since the last
    /// sample) and the other delivery counters.
    /// </summary>
    public MetricPoint Take(NodePipeline pipeline, IPointDelivery delivery, long checkpoints)
    {
        var now = Environment.TickCount64;
        var seconds = Math.Max(0.001, (now - _lastTicks) / 1000.0);
        var counters = pipeline.Counters;
        var chunks = counters.Chunks;
        var events = counters.Events;
        var lag = pipeline.PartitionLag;
        var owned = pipeline.OwnedPartitions;
        var fields = new List<MetricField>
        {
            MetricField.Integer("lag", lag.Values.Sum()),
            MetricField.Double("chunks_s", (chunks - _lastChunks) / seconds),
            MetricField.Double("events_s", (events - _lastEvents) / seconds),
            MetricField.Integer("bad_msgs", counters.BadMessages),
            MetricField.Integer("duplicates", counters.Duplicates),
            MetricField.Integer("messages", counters.Messages),
            MetricField.Integer("pauses", counters.Pauses),
            MetricField.Integer("checkpoints", checkpoints),
            MetricField.Integer("owned_partitions", owned.Count),
            MetricField.Double("close_latency_ms", pipeline.TakeMaxCloseLatencyMs()),
        };
        fields.AddRange(lag.Select(kv => MetricField.Integer($"lag_p{kv.Key}", kv.Value)));
        fields.AddRange(Combined(delivery).ToNodeFields());
        _lastTicks = now;
        _lastChunks = chunks;
        _lastEvents = events;
        var timestampNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        return new MetricPoint(Measurement, [new("node", _node)], fields, timestampNs);
    }

    /// <summary>
    /// The delivery counters over every destination: a point counts as written when every
    /// destination has it; retries add up; depths are the deepest destination's.
    /// </summary>
    public static DeliveryCounters Combined(IPointDelivery delivery)
    {
        IReadOnlyList<PointDelivery> all = delivery switch
        {
            FanOutDelivery fan => fan.Deliveries,
            PointDelivery one => [one],
            _ => [],
        };
        if (all.Count == 0)
        {
            return default;
        }

        var s = all.Select(d => d.Snapshot()).ToList();
        return new DeliveryCounters(
            s.Min(c => c.PointsEnqueued),
            s.Min(c => c.PointsWritten),
            s.Max(c => c.PointsRejected),
            s.Sum(c => c.WriteRetries),
            s.Sum(c => c.FailedBatches),
            s.Sum(c => c.BlockedEnqueues),
            s.Max(c => c.QueueDepth),
            s.Max(c => c.WaitingEnqueues));
    }
}

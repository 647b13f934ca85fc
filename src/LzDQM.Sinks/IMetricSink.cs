using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// A destination for metric points (InfluxDB, VictoriaMetrics, a line-protocol file).
/// A sink does not retry and does not buffer across calls: <see cref="PointDelivery"/> in front
/// of it batches, retries and acknowledges.
/// </summary>
/// <remarks>
/// Threading: one call at a time (the owner awaits each call before the next); a sink is not
/// required to support concurrent <see cref="WriteAsync"/> calls.
/// </remarks>
public interface IMetricSink : IAsyncDisposable
{
    /// <summary>What this sink writes to, for logs: never contains a secret.</summary>
    string Description { get; }

    /// <summary>
    /// Writes a batch and returns once the destination has durably accepted every point of it.
    /// The sink does not keep <paramref name="points"/> after the returned task completes.
    /// Fails with <see cref="SinkWriteException"/>: <see cref="SinkFailure.Unavailable"/> when a
    /// retry may succeed, <see cref="SinkFailure.Rejected"/> when the destination refused the data.
    /// </summary>
    Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken);

    /// <summary>Pushes anything the sink itself holds (e.g. OS buffers of a file) to its destination.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}

namespace LzDQM.Sinks;

/// <summary>Batching, memory bound and retry policy of a <see cref="PointDelivery"/>.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Most points in one write request.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>Longest a point waits for its batch to fill before it is written anyway.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Most points held (queued or being written) before <see cref="PointDelivery.EnqueueAsync(IReadOnlyList{LzDQM.Contracts.Metrics.MetricPoint}, CancellationToken)"/>
    /// waits: the backpressure that stops the Kafka consumer instead of dropping points.
    /// </summary>
    public int Capacity { get; set; } = 100_000;

    /// <summary>First retry delay; doubled per failed attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between two attempts while the destination is down.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long disposing waits for queued points to be written; what is still unwritten after
    /// that is not acknowledged (its receipts are cancelled), so its Kafka offsets are not stored.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason when a value is unusable.</summary>
    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentException($"DeliveryOptions.BatchSize must be at least 1 (was {BatchSize})");
        }

        if (Capacity < BatchSize)
        {
            throw new ArgumentException($"DeliveryOptions.Capacity ({Capacity}) must be at least BatchSize ({BatchSize})");
        }

        if (FlushInterval <= TimeSpan.Zero || InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff || DrainTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("DeliveryOptions: FlushInterval and InitialBackoff must be positive, MaxBackoff >= InitialBackoff, DrainTimeout >= 0");
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"DeliveryOptions {{ BatchSize = {BatchSize}, FlushInterval = {FlushInterval}, Capacity = {Capacity}, InitialBackoff = {InitialBackoff}, MaxBackoff = {MaxBackoff}, DrainTimeout = {DrainTimeout} }}";
}

namespace LzDQM.Kafka;

/// <summary>How <see cref="ReplayPublisher"/> publishes and paces.</summary>
public sealed record ReplayPublisherOptions
{
    /// <summary>Default <see cref="MaxAheadBytes"/>: below the embedded broker's 5 MB per partition.</summary>
    public const long DefaultMaxAheadBytes = 4L << 20;

    /// <summary>Kafka <c>bootstrap.servers</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Event time runs this many times faster than real time; infinity: as fast as allowed.</summary>
    public double Speed { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Consumer groups whose committed offsets bound how far ahead the replay may run; the slowest
    /// one counts. Empty: no bound (data may fall off the embedded broker's retention).
    /// </summary>
    public IReadOnlyList<string> ConsumerGroups { get; init; } = ["lzdqm"];

    /// <summary>Most un-consumed bytes per partition ahead of the slowest group; 0 or less: no bound.</summary>
    public long MaxAheadBytes { get; init; } = DefaultMaxAheadBytes;

    /// <summary>librdkafka <c>compression.type</c>: <c>none</c> or <c>lz4</c>.</summary>
    public string Compression { get; init; } = "none";

    /// <summary>How long the first metadata request may take before the bootstrap counts as unreachable.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a message may wait for delivery (retries included) before the replay fails.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often committed offsets are read while the replay is held back.</summary>
    public TimeSpan CommitPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Operator notices (e.g. waiting for a consumer group); called on the publishing thread.</summary>
    public Action<string>? Notice { get; init; }
}

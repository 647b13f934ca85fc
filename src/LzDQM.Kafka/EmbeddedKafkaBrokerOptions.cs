namespace LzDQM.Kafka;

/// <summary>How <see cref="EmbeddedKafkaBroker"/> starts its mock cluster.</summary>
public sealed record EmbeddedKafkaBrokerOptions
{
    /// <summary>Number of mock brokers (ids 1..N). At least 1.</summary>
    public int Brokers { get; init; } = 1;

    /// <summary>Partitions of every pre-created topic. At least 1.</summary>
    public int PartitionsPerTopic { get; init; } = 3;

    /// <summary>Create the contract topics (<see cref="Contracts.Wire.Topics.All"/>).</summary>
    public bool CreateContractTopics { get; init; } = true;

    /// <summary>More topics to pre-create (the mock has no CreateTopics API).</summary>
    public IReadOnlyList<string> ExtraTopics { get; init; } = [];

    /// <summary>
    /// Delay before a new consumer group's first rebalance; Kafka's default is 3 s, tests want 0
    /// so a group forms at once.
    /// </summary>
    public int InitialRebalanceDelayMs { get; init; }

    /// <summary>
    /// When set, broker i is reachable at <c>127.0.0.1:(FirstPort + i - 1)</c> and advertises that
    /// address (a loopback forwarder in front of the mock's own ephemeral listener, because
    /// librdkafka's mock API cannot choose its listening port). Null: the mock's ephemeral ports.
    /// </summary>
    public int? FirstPort { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for impossible values.</summary>
    public void Validate()
    {
        if (Brokers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Brokers), Brokers, "need at least 1 broker");
        }

        if (PartitionsPerTopic < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PartitionsPerTopic), PartitionsPerTopic, "need at least 1 partition per topic");
        }

        if (FirstPort is { } port && (port < 1 || port + Brokers - 1 > 65535))
        {
            throw new ArgumentOutOfRangeException(nameof(FirstPort), port, $"ports {port}..{port + Brokers - 1} are not all valid TCP ports");
        }

        if (InitialRebalanceDelayMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRebalanceDelayMs), InitialRebalanceDelayMs, "must not be negative");
        }
    }
}

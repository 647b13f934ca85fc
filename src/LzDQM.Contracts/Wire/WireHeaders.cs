namespace LzDQM.Contracts.Wire;

/// <summary>Kafka header names and values of the wire contract (SPEC §2).</summary>
public static class WireHeaders
{
    /// <summary>Header naming the encoding of the value.</summary>
    public const string ContentType = "content-type";

    /// <summary>Binary protobuf; the default when the header is absent.</summary>
    public const string Protobuf = "application/x-protobuf";

    /// <summary>Protobuf's canonical JSON mapping of the same message.</summary>
    public const string Json = "application/json";

    /// <summary>Header on a dead-lettered message saying why it was rejected.</summary>
    public const string DeadLetterReason = "lzdqm-deadletter-reason";

    /// <summary>Header on a dead-lettered message naming the topic it came from.</summary>
    public const string DeadLetterSourceTopic = "lzdqm-source-topic";
}

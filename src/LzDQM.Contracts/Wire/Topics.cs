namespace LzDQM.Contracts.Wire;

/// <summary>Kafka topic names of the wire contract (SPEC §2).</summary>
public static class Topics
{
    /// <summary>Every trigger the DAQ issued, as <c>TriggerChunk</c>.</summary>
    public const string Triggers = "lz.dqm.triggers";

    /// <summary>Pulse summaries of reconstructed events, as <c>PulseChunk</c>.</summary>
    public const string Pulses = "lz.dqm.pulses";

    /// <summary>Run control transitions, as <c>RunControl</c>.</summary>
    public const string Runs = "lz.dqm.runs";

    /// <summary>Bad input, forwarded unchanged with a header saying why.</summary>
    public const string DeadLetter = "lz.dqm.deadletter";

    /// <summary>
    /// Each partition pipeline's latest open-window state with the offsets it covers, in the
    /// partition of the same index (SPEC §7): a node taking a partition over restores it and
    /// re-reads only since, whatever the window length. Needs at least as many partitions as the
    /// input topics.
    /// </summary>
    public const string Checkpoints = "lz.dqm.checkpoints";

    /// <summary>All topics the embedded broker pre-creates.</summary>
    public static readonly IReadOnlyList<string> All = [Triggers, Pulses, Runs, DeadLetter, Checkpoints];
}

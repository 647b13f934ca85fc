namespace LzDQM.Kafka;

/// <summary>What a finished replay published (every message acknowledged by the broker).</summary>
/// <param name="Records">Messages published.</param>
/// <param name="Chunks">Trigger and pulse chunks among them.</param>
/// <param name="Events">Events in the pulse chunks.</param>
/// <param name="Triggers">Triggers in the trigger chunks.</param>
/// <param name="Bytes">Key and value bytes published.</param>
/// <param name="EventTimeSpan">Event time covered, last record minus first.</param>
/// <param name="Elapsed">Wall time from the first record to the last acknowledgement.</param>
/// <param name="HeldByConsumers">Wall time spent waiting for consumers to catch up.</param>
public sealed record ReplaySummary(
    long Records,
    long Chunks,
    long Events,
    long Triggers,
    long Bytes,
    TimeSpan EventTimeSpan,
    TimeSpan Elapsed,
    TimeSpan HeldByConsumers)
{
    private double Seconds => Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Chunks per wall-clock second.</summary>
    public double ChunksPerSecond => Chunks / Seconds;

    /// <summary>Pulse-chunk events per wall-clock second.</summary>
    public double EventsPerSecond => Events / Seconds;

    /// <summary>Megabytes (2^20) per wall-clock second.</summary>
    public double MegabytesPerSecond => Bytes / 1048576.0 / Seconds;
}

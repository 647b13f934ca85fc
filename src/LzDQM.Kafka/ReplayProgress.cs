namespace LzDQM.Kafka;

/// <summary>A snapshot of a running replay, for progress bars.</summary>
/// <param name="Records">Messages handed to the producer.</param>
/// <param name="Chunks">Of those, trigger and pulse chunks.</param>
/// <param name="Events">Events in the pulse chunks.</param>
/// <param name="Bytes">Key and value bytes handed to the producer.</param>
/// <param name="FirstEventTimeNs">Event time of the first record.</param>
/// <param name="EventTimeNs">Event time of the latest record.</param>
/// <param name="FileBytesRead">Replay-file bytes read so far (0 when not from a file).</param>
/// <param name="FileBytesTotal">Replay-file length, or -1 when unknown.</param>
/// <param name="Elapsed">Wall time since the first record.</param>
/// <param name="HeldByConsumers">True while the replay waits for consumers to catch up.</param>
public sealed record ReplayProgress(
    long Records,
    long Chunks,
    long Events,
    long Bytes,
    long FirstEventTimeNs,
    long EventTimeNs,
    long FileBytesRead,
    long FileBytesTotal,
    TimeSpan Elapsed,
    bool HeldByConsumers);

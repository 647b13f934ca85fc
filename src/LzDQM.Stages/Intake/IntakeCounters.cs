using System.Runtime.InteropServices;

namespace LzDQM.Stages.Intake;

/// <summary>
/// Counters of the consume loop for <c>dqm_node</c>. Written only by the consume-loop thread with
/// <see cref="Interlocked"/>; read by anyone at any time (values may be a moment stale). Each
/// counter sits on its own cache line so readers do not slow the writer down.
/// </summary>
public sealed class IntakeCounters
{
    private PaddedLong _messages;
    private PaddedLong _chunks;
    private PaddedLong _events;
    private PaddedLong _badMessages;
    private PaddedLong _duplicates;
    private PaddedLong _pauses;

    /// <summary>Messages consumed.</summary>
    public long Messages => Volatile.Read(ref _messages.Value);

    /// <summary>Valid chunks handed to pipelines.</summary>
    public long Chunks => Volatile.Read(ref _chunks.Value);

    /// <summary>Events in those chunks (trigger chunks only, so each event counts once).</summary>
    public long Events => Volatile.Read(ref _events.Value);

    /// <summary>Messages dead-lettered.</summary>
    public long BadMessages => Volatile.Read(ref _badMessages.Value);

    /// <summary>Duplicate chunks dropped.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates.Value);

    /// <summary>Times a partition was paused because its pipeline was behind.</summary>
    public long Pauses => Volatile.Read(ref _pauses.Value);

    internal void Message() => Interlocked.Increment(ref _messages.Value);

    internal void Chunk(int events)
    {
        Interlocked.Increment(ref _chunks.Value);
        Interlocked.Add(ref _events.Value, events);
    }

    internal void Bad() => Interlocked.Increment(ref _badMessages.Value);

    internal void Duplicate() => Interlocked.Increment(ref _duplicates.Value);

    internal void Pause() => Interlocked.Increment(ref _pauses.Value);

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }
}

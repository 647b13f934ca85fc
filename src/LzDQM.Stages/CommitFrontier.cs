namespace LzDQM.Stages;

/// <summary>
/// The offset a partition may commit: never past the first message that still feeds a window
/// whose points are not yet written (issue 4, at-least-once). Each message is registered with
/// the event time after which no unwritten window needs it (its <em>release time</em>: the end of
/// the last window that contains its newest event); <see cref="MarkWritten"/> advances the
/// written watermark as the sinks acknowledge. A node that takes the partition over re-reads
/// from the committed offset and rebuilds exactly the open windows.
/// One instance per topic-partition; not thread-safe (one writer: the partition's pipeline).
/// </summary>
public sealed class CommitFrontier
{
    private readonly Queue<(long Offset, long ReleaseNs)> _pending = new();
    private long _next = -1;
    private long _maxReleaseNs = long.MinValue;
    private long _writtenNs = long.MinValue;

    /// <summary>Messages still holding the frontier back.</summary>
    public int Pending => _pending.Count;

    /// <summary>The written watermark: every window ending at or before it is durably written.</summary>
    public long WrittenNs => _writtenNs;

    /// <summary>
    /// Registers a consumed message. Offsets must increase. A message that feeds no window
    /// (a duplicate, a dead-lettered chunk) passes <paramref name="releaseNs"/> = <see cref="long.MinValue"/>.
    /// Release times are made non-decreasing (a message is held as long as any earlier one),
    /// because a commit covers every offset below it.
    /// </summary>
    public void Add(long offset, long releaseNs)
    {
        if (offset <= _next - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is not after {_next - 1}");
        }

        _maxReleaseNs = Math.Max(_maxReleaseNs, releaseNs);
        _pending.Enqueue((offset, _maxReleaseNs));
        _next = offset + 1;
        Drain();
    }

    /// <summary>Advances the written watermark (it never moves back).</summary>
    public void MarkWritten(long writtenNs)
    {
        _writtenNs = Math.Max(_writtenNs, writtenNs);
        Drain();
    }

    /// <summary>
    /// The offset to commit (Kafka's convention: the next offset to read), or null before any
    /// message was added.
    /// </summary>
    public long? CommittableOffset =>
        _pending.TryPeek(out var first) ? first.Offset : _next >= 0 ? _next : null;

    private void Drain()
    {
        while (_pending.TryPeek(out var first) && first.ReleaseNs <= _writtenNs)
        {
            _pending.Dequeue();
        }
    }

    /// <summary>
    /// The release time of a message whose newest event is at <paramref name="lastEventNs"/>:
    /// the end of the last window of length <paramref name="windowNs"/> stepping by
    /// <paramref name="stepNs"/> (ends at multiples of the step) that contains it.
    /// </summary>
    public static long ReleaseTime(long lastEventNs, long windowNs, long stepNs)
    {
        var firstEnd = (Math.DivRem(lastEventNs, stepNs, out var rem) + (rem >= 0 ? 1 : 0)) * stepNs;
        return firstEnd + windowNs - stepNs;
    }
}

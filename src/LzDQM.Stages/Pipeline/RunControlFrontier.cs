using LzDQM.Contracts.V1;

namespace LzDQM.Stages.Pipeline;

/// <summary>
/// The committable offset of a partition's run-control topic: never past the START of a run that
/// is still open (a node taking the partition over must learn the run's mode), nor past a STOP whose
/// last windows are not yet written. Single-threaded: the partition pipeline's loop.
/// </summary>
public sealed class RunControlFrontier
{
    private readonly SortedDictionary<long, uint> _openStarts = [];
    private readonly Dictionary<uint, long> _startOffsetOfRun = [];
    private readonly SortedDictionary<long, long> _unwrittenStops = []; // offset → delivery sequence
    private long _next = -1;

    /// <summary>Registers a consumed run-control message (or a skipped one: <paramref name="transition"/> null).</summary>
    public void Add(long offset, RunControl? transition, long deliverySequence)
    {
        _next = Math.Max(_next, offset + 1);
        if (transition is null)
        {
            return;
        }

        if (transition.Transition == RunControl.Types.Transition.Start && !_startOffsetOfRun.ContainsKey(transition.Run))
        {
            _startOffsetOfRun[transition.Run] = offset;
            _openStarts[offset] = transition.Run;
        }
        else if (transition.Transition == RunControl.Types.Transition.Stop)
        {
            _unwrittenStops[offset] = deliverySequence;
            if (_startOffsetOfRun.Remove(transition.Run, out var startOffset))
            {
                _openStarts.Remove(startOffset);
            }
        }
    }

    /// <summary>Every delivery up to <paramref name="sequence"/> is written.</summary>
    public void MarkWritten(long sequence)
    {
        foreach (var (offset, seq) in _unwrittenStops.ToList())
        {
            if (seq <= sequence)
            {
                _unwrittenStops.Remove(offset);
            }
        }
    }

    /// <summary>The offset to commit, or null before any message.</summary>
    public long? CommittableOffset
    {
        get
        {
            if (_next < 0)
            {
                return null;
            }

            var limit = _next;
            if (_openStarts.Count > 0)
            {
                limit = Math.Min(limit, _openStarts.Keys.First());
            }

            if (_unwrittenStops.Count > 0)
            {
                limit = Math.Min(limit, _unwrittenStops.Keys.First());
            }

            return limit;
        }
    }
}

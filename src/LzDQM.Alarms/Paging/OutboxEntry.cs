using LzDQM.Alarms.Evaluation;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// One notification waiting for its receiver's acknowledgement: a paging transition for one notifier.
/// Part of the serialised state, so a new singleton resends exactly what was not acknowledged.
/// </summary>
public sealed class OutboxEntry
{
    internal OutboxEntry(long id, string notifier, AlarmTransition transition)
    {
        Id = id;
        Notifier = notifier;
        Transition = transition;
    }

    /// <summary>Position in the outbox (increasing): entries of one alarm and notifier go out in this order.</summary>
    public long Id { get; }

    /// <summary><c>alertmanager</c> or <c>webhook</c>.</summary>
    public string Notifier { get; }

    /// <summary>What to tell.</summary>
    public AlarmTransition Transition { get; }

    /// <summary>Failed attempts so far.</summary>
    public int Failures { get; internal set; }

    /// <summary>Wall-clock time (Unix ms) before which it is not retried.</summary>
    public long NextAttemptUnixMs { get; internal set; }

    /// <summary>The last failure, for logs and status.</summary>
    public string? LastError { get; internal set; }
}

using LzDQM.Alarms.Evaluation;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// The notifications not yet acknowledged, in order, and the alerts acknowledged as firing. Per problem
/// (<see cref="AlarmTransition.ProblemId"/>) and notifier only the oldest entry is ever in flight, so
/// an update or a resolve never overtakes its page, even when another rule of the problem caused it; an
/// entry leaves only when its receiver acknowledged it (2xx) or refused it for good (4xx other than
/// 429), so nothing is lost and, with the outbox saved after each change, nothing is sent twice
/// except a request whose answer was lost in a node's death (receivers de-duplicate on the
/// idempotency key / Alertmanager's labels).
/// <para>Threading contract: not thread-safe; its owner (the AlarmEngine) locks.</para>
/// </summary>
public sealed class AlarmOutbox
{
    internal List<OutboxEntry> Entries { get; } = [];

    internal SortedDictionary<string, FiringNotice> Firing { get; } = new(StringComparer.Ordinal);

    internal long NextId { get; set; } = 1;

    /// <summary>Entries waiting (not yet acknowledged).</summary>
    public IReadOnlyList<OutboxEntry> Pending => Entries;

    /// <summary>Alerts acknowledged as firing and not yet resolved.</summary>
    public IEnumerable<FiringNotice> FiringAlerts => Firing.Values;

    /// <summary>Notifications refused for good (bad configuration), dropped after logging.</summary>
    public long PermanentFailures { get; internal set; }

    /// <summary>Notifications acknowledged.</summary>
    public long Delivered { get; internal set; }

    /// <summary>Queues a transition that notifies (<see cref="AlarmTransition.Pages"/>) for each notifier; others are ignored.</summary>
    public void Enqueue(AlarmTransition transition, IEnumerable<string> notifiers)
    {
        if (!transition.Pages)
        {
            return;
        }

        foreach (var notifier in notifiers)
        {
            Entries.Add(new OutboxEntry(NextId++, notifier, transition));
        }
    }

    /// <summary>The entries to send now: the oldest of each problem and notifier, if its retry time has come.</summary>
    public IReadOnlyList<OutboxEntry> Due(long nowUnixMs)
    {
        var heads = new HashSet<(string, string)>();
        var due = new List<OutboxEntry>();
        foreach (var e in Entries)
        {
            if (heads.Add((e.Notifier, e.Transition.ProblemId)) && e.NextAttemptUnixMs <= nowUnixMs)
            {
                due.Add(e);
            }
        }

        return due;
    }

    /// <summary>Wall-clock time of the earliest retry waiting, or null when nothing waits.</summary>
    public long? NextAttemptUnixMs => Entries.Count == 0 ? null : Entries.Min(e => e.NextAttemptUnixMs);

    /// <summary>The receiver acknowledged entry <paramref name="id"/>.</summary>
    public void Acknowledge(long id, long nowUnixMs)
    {
        if (Remove(id) is { } e)
        {
            Delivered++;
            Settle(e, nowUnixMs);
        }
    }

    /// <summary>The receiver refused entry <paramref name="id"/> for good: drop it, keep the order of the rest.</summary>
    public void Reject(long id, string error)
    {
        if (Remove(id) is { } e)
        {
            e.LastError = error;
            PermanentFailures++;
            Settle(e, null);
        }
    }

    /// <summary>A transient failure: retry entry <paramref name="id"/> after <paramref name="backoff"/>.</summary>
    public void Failed(long id, long nowUnixMs, TimeSpan backoff, string error)
    {
        var e = Entries.FirstOrDefault(x => x.Id == id);
        if (e is not null)
        {
            e.Failures++;
            e.LastError = error;
            e.NextAttemptUnixMs = nowUnixMs + (long)backoff.TotalMilliseconds;
        }
    }

    /// <summary>Firing alerts of <paramref name="notifier"/> due for a refresh (none of their own notifications still queued).</summary>
    public IReadOnlyList<FiringNotice> RefreshDue(string notifier, long nowUnixMs, long refreshMs) =>
        [.. Firing.Values.Where(f => f.Notifier == notifier && nowUnixMs - f.LastSentUnixMs >= refreshMs
            && !Entries.Any(e => e.Notifier == notifier && e.Transition.ProblemId == f.Transition.ProblemId))];

    /// <summary>A refresh of <paramref name="notice"/> was acknowledged at <paramref name="nowUnixMs"/>.</summary>
    public void Refreshed(FiringNotice notice, long nowUnixMs)
    {
        var key = Key(notice.Notifier, notice.Transition.ProblemId);
        if (Firing.TryGetValue(key, out var current) && current.Transition == notice.Transition)
        {
            Firing[key] = current with { LastSentUnixMs = nowUnixMs };
        }
    }

    /// <summary>
    /// The run ended (its resolves are queued, or were never needed): stop refreshing its alerts. Also
    /// drops a notice no resolve will settle (a rule moved to another problem while it fired, across a
    /// restart with a new configuration): that alert expires at Alertmanager instead of living on.
    /// </summary>
    public void ForgetRun(uint run)
    {
        foreach (var key in Firing.Where(kv => kv.Value.Transition.Run == run).Select(kv => kv.Key).ToList())
        {
            Firing.Remove(key);
        }
    }

    internal static string Key(string notifier, string problemId) => notifier + "\n" + problemId;

    private OutboxEntry? Remove(long id)
    {
        var i = Entries.FindIndex(x => x.Id == id);
        if (i < 0)
        {
            return null;
        }

        var e = Entries[i];
        Entries.RemoveAt(i);
        return e;
    }

    private void Settle(OutboxEntry e, long? sentUnixMs)
    {
        var key = Key(e.Notifier, e.Transition.ProblemId);
        if (e.Transition.Notice == AlarmNotice.Resolve || (sentUnixMs is null && e.Transition.Notice == AlarmNotice.Page))
        {
            Firing.Remove(key);
        }
        else if (sentUnixMs is { } sent)
        {
            Firing[key] = new FiringNotice(e.Notifier, e.Transition, sent); // refreshes re-send the newest page or update
        }
    }
}

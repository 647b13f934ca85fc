using LzDQM.Alarms.Evaluation;

namespace LzDQM.Alarms.Paging;

/// <summary>An alert a receiver has acknowledged as firing: what was sent and when (for Alertmanager's refresh).</summary>
/// <param name="Notifier">The notifier.</param>
/// <param name="Transition">The problem's newest page or update that was sent (a refresh re-sends it).</param>
/// <param name="LastSentUnixMs">Wall-clock time of the last (re)send.</param>
public sealed record FiringNotice(string Notifier, AlarmTransition Transition, long LastSentUnixMs);

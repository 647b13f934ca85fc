using LzDQM.Alarms.Evaluation;

namespace LzDQM.Alarms.Paging;

/// <summary>An alert a receiver has acknowledged as firing: what was sent and when (for Alertmanager's refresh).</summary>
/// <param name="Notifier">The notifier.</param>
/// <param name="Transition">The fired or escalated transition that was sent.</param>
/// <param name="LastSentUnixMs">Wall-clock time of the last (re)send.</param>
public sealed record FiringNotice(string Notifier, AlarmTransition Transition, long LastSentUnixMs);

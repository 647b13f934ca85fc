namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// What changed in one rule's alarm. Only <see cref="Fired"/>, <see cref="Escalated"/> and
/// <see cref="Resolved"/> can notify; whether they do (page, update, resolve or nothing) is decided
/// per problem: <see cref="AlarmTransition.Notice"/>.
/// </summary>
public enum AlarmTransitionKind
{
    /// <summary>Ok → pending: the condition started to hold.</summary>
    Pending = 0,

    /// <summary>Pending → ok: it stopped holding before the pending duration passed (never paged).</summary>
    Cancelled = 1,

    /// <summary>→ firing: the problem's page, or an update of it when another rule of the problem already fires.</summary>
    Fired = 2,

    /// <summary>Firing warn → firing critical: the value crossed the critical threshold too (an update of the problem's page).</summary>
    Escalated = 3,

    /// <summary>Firing → ok: the value came back past the clear threshold, or the run ended (the problem's resolve when no other of its rules fires).</summary>
    Resolved = 4,
}

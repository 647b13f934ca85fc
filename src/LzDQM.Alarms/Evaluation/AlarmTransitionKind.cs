namespace LzDQM.Alarms.Evaluation;

/// <summary>What changed. Only <see cref="Fired"/>, <see cref="Escalated"/> and <see cref="Resolved"/> page.</summary>
public enum AlarmTransitionKind
{
    /// <summary>Ok → pending: the condition started to hold.</summary>
    Pending = 0,

    /// <summary>Pending → ok: it stopped holding before the pending duration passed (never paged).</summary>
    Cancelled = 1,

    /// <summary>→ firing: the page (once per problem).</summary>
    Fired = 2,

    /// <summary>Firing warn → firing critical: the value crossed the critical threshold too.</summary>
    Escalated = 3,

    /// <summary>Firing → ok: the value came back past the clear threshold, or the run ended.</summary>
    Resolved = 4,
}

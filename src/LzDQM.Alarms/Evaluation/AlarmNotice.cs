namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// What receivers hear of a transition, decided per problem (rules sharing <see cref="Rules.AlarmRule.ProblemKey"/>
/// and a run): one <see cref="Page"/>, any number of <see cref="Update"/>s, one <see cref="Resolve"/>.
/// </summary>
public enum AlarmNotice
{
    /// <summary>Receivers hear nothing (pending, cancelled, or a rule clearing while another rule of its problem still fires).</summary>
    None = 0,

    /// <summary>The problem started firing: the one page.</summary>
    Page = 1,

    /// <summary>
    /// The firing problem changed (another of its rules fired, or a rule escalated to critical): the
    /// same alert again with new annotations (Alertmanager: same labels, so not a new page; webhook:
    /// event <c>update</c>).
    /// </summary>
    Update = 2,

    /// <summary>Every rule of the problem has cleared (or the run ended): the one resolve.</summary>
    Resolve = 3,
}

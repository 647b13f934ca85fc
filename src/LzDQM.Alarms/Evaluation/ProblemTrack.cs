namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// The evaluator's memory of one firing problem (problem + run + series): what was paged and how bad
/// it got. Exists from its page to its resolve. Mutable; owned by one <see cref="AlarmBook"/>.
/// </summary>
internal sealed class ProblemTrack
{
    public required string ProblemId { get; init; }

    public required string Problem { get; init; }

    public required uint Run { get; init; }

    public required string Series { get; init; }

    /// <summary>The severity it paged with (the Alertmanager label, fixed for the episode).</summary>
    public AlarmSeverity PageSeverity { get; set; } = AlarmSeverity.Warn;

    /// <summary>The highest severity of the episode so far.</summary>
    public AlarmSeverity Severity { get; set; } = AlarmSeverity.Warn;

    /// <summary>Event time of the page.</summary>
    public long FiredAtNs { get; set; }

    /// <summary>Notices sent for it so far (page and updates).</summary>
    public long Notices { get; set; }
}

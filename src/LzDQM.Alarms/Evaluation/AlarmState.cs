namespace LzDQM.Alarms.Evaluation;

/// <summary>State of one alarm, as written in <c>dqm_alarm.state</c>.</summary>
public enum AlarmState
{
    /// <summary>Condition not met (or cleared).</summary>
    Ok = 0,

    /// <summary>Condition met for less than the rule's pending duration (no page yet).</summary>
    Pending = 1,

    /// <summary>Condition met for at least the pending duration: paged.</summary>
    Firing = 2,
}

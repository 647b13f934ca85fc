namespace LzDQM.Alarms.Evaluation;

/// <summary>How bad: which threshold the value crossed.</summary>
public enum AlarmSeverity
{
    /// <summary>The warning threshold (tag value <c>warn</c>, Alertmanager <c>warning</c>).</summary>
    Warn = 1,

    /// <summary>The critical threshold (tag value <c>critical</c>).</summary>
    Critical = 2,
}

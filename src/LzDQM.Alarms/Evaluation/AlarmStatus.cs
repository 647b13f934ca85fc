namespace LzDQM.Alarms.Evaluation;

/// <summary>A snapshot of one open alarm (for status pages and logs).</summary>
/// <param name="AlarmId">Identity (<c>rule/run</c>).</param>
/// <param name="Rule">Rule name.</param>
/// <param name="Run">Run.</param>
/// <param name="State">Pending or firing.</param>
/// <param name="Severity">Current severity.</param>
/// <param name="PendingSinceNs">Event time it became pending.</param>
/// <param name="FiredAtNs">Event time it fired (0 while pending).</param>
public sealed record AlarmStatus(string AlarmId, string Rule, uint Run, AlarmState State, AlarmSeverity Severity, long PendingSinceNs, long FiredAtNs);

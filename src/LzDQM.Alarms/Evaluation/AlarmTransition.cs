using System.Globalization;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// One change of one alarm, in event time. Immutable. <see cref="ToPoint"/> gives its
/// <c>dqm_alarm</c> point (SPEC §3); <see cref="Pages"/> says whether notifiers hear of it.
/// </summary>
/// <param name="AlarmId">Alarm identity: <c>rule/run</c>, plus <c>/tags</c> when the rule's filter leaves tags open.</param>
/// <param name="Rule">The rule's name.</param>
/// <param name="Run">The run.</param>
/// <param name="Series">The point's tags the filter does not fix (<c>k=v,k=v</c>), usually empty.</param>
/// <param name="Sequence">1, 2, 3, ... per alarm: with <see cref="AlarmId"/> the idempotency key.</param>
/// <param name="Kind">What changed.</param>
/// <param name="State">The state after the change.</param>
/// <param name="Severity">The severity after the change (for ok: the one it had).</param>
/// <param name="EventTimeNs">Event time of the change (the timestamp of the point that caused it), UTC ns.</param>
/// <param name="Value">The value that caused it (the field's value; silence in s for NoData; rate per hour for RateOfChange).</param>
/// <param name="Threshold">The threshold it was compared with.</param>
/// <param name="Message">One line for humans: what, where, value vs threshold.</param>
/// <param name="Measurement">The rule's measurement.</param>
/// <param name="Field">The rule's field.</param>
/// <param name="FiredAtNs">Event time the episode started firing (0 before it fired).</param>
/// <param name="SinceNs">Event time the current severity started firing (0 before it fired).</param>
public sealed record AlarmTransition(
    string AlarmId,
    string Rule,
    uint Run,
    string Series,
    long Sequence,
    AlarmTransitionKind Kind,
    AlarmState State,
    AlarmSeverity Severity,
    long EventTimeNs,
    double Value,
    double Threshold,
    string Message,
    string Measurement,
    string Field,
    long FiredAtNs,
    long SinceNs)
{
    private readonly string? _problem;
    private readonly AlarmNotice? _notice;
    private readonly AlarmSeverity? _problemSeverity;
    private readonly AlarmSeverity? _pageSeverity;
    private readonly long? _problemFiredAtNs;
    private readonly string? _firingRules;

    /// <summary>The problem the rule belongs to (<see cref="Rules.AlarmRule.ProblemKey"/>); default the rule.</summary>
    public string Problem { get => _problem ?? Rule; init => _problem = value; }

    /// <summary>The problem's identity, <c>problem/run</c> (+ <c>/series</c>): what receivers know as one alert.</summary>
    public string ProblemId => Series.Length == 0
        ? $"{Problem}/{Run.ToString(CultureInfo.InvariantCulture)}"
        : $"{Problem}/{Run.ToString(CultureInfo.InvariantCulture)}/{Series}";

    /// <summary>What receivers hear: page, update, resolve or nothing. Default: from <see cref="Kind"/> (fired pages, escalated updates, resolved resolves).</summary>
    public AlarmNotice Notice
    {
        get => _notice ?? Kind switch
        {
            AlarmTransitionKind.Fired => AlarmNotice.Page,
            AlarmTransitionKind.Escalated => AlarmNotice.Update,
            AlarmTransitionKind.Resolved => AlarmNotice.Resolve,
            _ => AlarmNotice.None,
        };
        init => _notice = value;
    }

    /// <summary>The problem's severity after the change: the highest of its firing episode (never lowered until it resolves).</summary>
    public AlarmSeverity ProblemSeverity { get => _problemSeverity ?? Severity; init => _problemSeverity = value; }

    /// <summary>The severity the problem paged with: fixed for the episode, so the Alertmanager <c>severity</c> label (part of the alert's identity) never changes.</summary>
    public AlarmSeverity PageSeverity { get => _pageSeverity ?? Severity; init => _pageSeverity = value; }

    /// <summary>Event time the problem started firing (its page), 0 before; what <c>startsAt</c> and "since" say.</summary>
    public long ProblemFiredAtNs { get => _problemFiredAtNs ?? FiredAtNs; init => _problemFiredAtNs = value; }

    /// <summary>The problem's rules firing after the change, comma-separated in name order (empty when none).</summary>
    public string FiringRules { get => _firingRules ?? (State == AlarmState.Firing ? Rule : string.Empty); init => _firingRules = value; }

    /// <summary>Whether notifiers hear of it: <see cref="Notice"/> is not <see cref="AlarmNotice.None"/>.</summary>
    public bool Pages => Notice != AlarmNotice.None;

    /// <summary>Tag-style name of <see cref="Notice"/> as the webhook's <c>event</c>: <c>page</c>, <c>update</c>, <c>resolve</c> (or <c>none</c>).</summary>
    public string NoticeName => Notice.ToString().ToLowerInvariant();

    /// <summary>The key a receiver de-duplicates on: <c>{AlarmId}#{Sequence}</c>.</summary>
    public string IdempotencyKey => $"{AlarmId}#{Sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Tag value of <see cref="Severity"/>: <c>warn</c> or <c>critical</c>.</summary>
    public string SeverityTag => Severity == AlarmSeverity.Critical ? "critical" : "warn";

    /// <summary>The <c>alarm</c> tag: the rule name, plus <c>/series</c> when the alarm is one of several series.</summary>
    public string AlarmTag => Series.Length == 0 ? Rule : $"{Rule}/{Series}";

    /// <summary>
    /// The <c>dqm_alarm</c> point: tags run, alarm, severity; fields state (0/1/2), value, threshold,
    /// message; timestamp = event time of the change.
    /// </summary>
    public MetricPoint ToPoint() => new(
        "dqm_alarm",
        [new("alarm", AlarmTag), new("run", Run.ToString(CultureInfo.InvariantCulture)), new("severity", SeverityTag)],
        [
            MetricField.Integer("state", (int)State),
            MetricField.Double("value", double.IsFinite(Value) ? Value : 0),
            MetricField.Double("threshold", double.IsFinite(Threshold) ? Threshold : 0),
            MetricField.String("message", Message),
        ],
        EventTimeNs);
}

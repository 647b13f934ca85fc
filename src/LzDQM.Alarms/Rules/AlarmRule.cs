using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LzDQM.Alarms.Rules;

/// <summary>
/// One alarm rule (SPEC §4), a plain option class bound from configuration
/// (<c>LzDQM:Alarms:Rules:N:...</c>). Identity of the alarms it raises: rule <see cref="Name"/> +
/// run (+ the point's tags that the <see cref="Tags"/> filter does not fix, usually none).
/// Call <see cref="Validate"/> (or <see cref="AlarmOptions.Validate"/>) before use.
/// </summary>
public sealed class AlarmRule
{
    /// <summary>Unique name, used as the <c>alarm</c> tag and the Alertmanager <c>alertname</c>; [a-z0-9_-].</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The problem this rule belongs to (configuration key <c>Problem</c>; [a-z0-9_-]); null or empty:
    /// the rule is a problem of its own, named like the rule. Rules sharing a problem page once per
    /// problem and run: the first to fire pages, the others (and escalations) update that page, and
    /// the problem resolves once when all of them have cleared. They must share <see cref="Route"/>.
    /// See <see cref="ProblemKey"/>.
    /// </summary>
    [ConfigurationKeyName("Problem")]
    public string? ProblemName { get; set; }

    /// <summary>The problem this rule pages as: <see cref="ProblemName"/>, or <see cref="Name"/> when that is not set.</summary>
    public string ProblemKey => string.IsNullOrWhiteSpace(ProblemName) ? Name : ProblemName;

    /// <summary>What the page says this alarm means, for someone who is not an expert.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Measurement the rule watches, e.g. <c>dqm_trigger_rate</c>.</summary>
    public string Measurement { get; set; } = string.Empty;

    /// <summary>Field the rule watches, e.g. <c>live_fraction</c>.</summary>
    public string Field { get; set; } = string.Empty;

    /// <summary>Tag filter: a point matches only when it has every one of these tags with this value (e.g. trigger_type=all).</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>The comparison.</summary>
    public AlarmCondition Condition { get; set; } = AlarmCondition.Above;

    /// <summary>Warning threshold (field unit; per hour for RateOfChange; seconds for NoData; deviation for OutsideBand). Null: no warning level.</summary>
    public double? Warn { get; set; }

    /// <summary>Critical threshold, same unit as <see cref="Warn"/>. Null: no critical level.</summary>
    public double? Critical { get; set; }

    /// <summary>Where a firing alarm clears (hysteresis). Null: the warning threshold (or the critical one when there is no warning).</summary>
    public double? Clear { get; set; }

    /// <summary>Centre of the band for <see cref="AlarmCondition.OutsideBand"/>.</summary>
    public double? Nominal { get; set; }

    /// <summary>Event time the condition must hold before the alarm fires (pending before that). 0 = fire at once.</summary>
    public double PendingSeconds { get; set; }

    /// <summary>RateOfChange: the span of event time the change is measured over.</summary>
    public double RateSpanSeconds { get; set; } = 300;

    /// <summary>
    /// NoData: length of the window the counted field covers. A point with count 0 ending at t proves
    /// no data since t − this, so the silence is measured from there (60 for the trigger rate windows).
    /// </summary>
    public double DataWindowSeconds { get; set; }

    /// <summary>Run modes the rule applies to (science, kr83m, rn220, dd, led, commissioning); empty = all.</summary>
    public List<string> Modes { get; set; } = [];

    /// <summary>Notifiers that page for this rule (alertmanager, webhook); empty = every configured notifier.</summary>
    public List<string> Route { get; set; } = [];

    /// <summary>Field holding the window's event count (guard), default <c>n_events</c>.</summary>
    public string EventsField { get; set; } = "n_events";

    /// <summary>Guard: points whose <see cref="EventsField"/> is below this are ignored (neither raise nor clear). Null: no guard.</summary>
    public double? MinEvents { get; set; }

    /// <summary>Field holding the value's 1σ error, e.g. <c>tau_err_us</c> (for <see cref="MaxError"/> and <see cref="MinSignificance"/>).</summary>
    public string? ErrorField { get; set; }

    /// <summary>Guard: points whose error exceeds this are ignored. Null: no guard.</summary>
    public double? MaxError { get; set; }

    /// <summary>RateOfChange: the change must also be at least this many σ (errors of both points in quadrature) to count.</summary>
    public double? MinSignificance { get; set; }

    /// <summary>Dashboard panel the page links to, relative to <see cref="AlarmOptions.DashboardUrl"/> (e.g. <c>d/lzdqm-overview?viewPanel=4</c>).</summary>
    public string? Panel { get; set; }

    /// <summary>The mode names <see cref="Modes"/> accepts.</summary>
    public static IReadOnlyList<string> ModeNames { get; } = ["science", "kr83m", "rn220", "dd", "led", "commissioning"];

    /// <summary>The notifier names <see cref="Route"/> accepts.</summary>
    public static IReadOnlyList<string> NotifierNames { get; } = ["alertmanager", "webhook"];

    /// <summary>The first problem of this rule as one line (<c>alarm rule 'x': ...</c>), or null when it is valid.</summary>
    public string? Problem()
    {
        var who = string.IsNullOrWhiteSpace(Name) ? "alarm rule (unnamed)" : $"alarm rule '{Name}'";
        string? p = Check();
        return p is null ? null : $"{who}: {p}";
    }

    /// <summary>Throws <see cref="AlarmConfigException"/> with a one-line message when the rule is invalid.</summary>
    public void Validate()
    {
        if (Problem() is { } p)
        {
            throw new AlarmConfigException(p);
        }
    }

    /// <summary>The threshold a firing alarm clears at.</summary>
    public double ClearThreshold => Clear ?? Warn ?? Critical ?? 0;

    /// <summary>The lowest threshold that raises the alarm (warning, else critical).</summary>
    public double RaiseThreshold => Warn ?? Critical ?? 0;

    private string? Check()
    {
        if (string.IsNullOrWhiteSpace(Name) || !Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            return "name must be non-empty lower-case letters, digits, '-' or '_'";
        }

        if (!string.IsNullOrEmpty(ProblemName) && !ProblemName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            return $"problem '{ProblemName}' must be lower-case letters, digits, '-' or '_'";
        }

        if (string.IsNullOrWhiteSpace(Measurement))
        {
            return "measurement is missing";
        }

        if (string.IsNullOrWhiteSpace(Field))
        {
            return "field is missing";
        }

        if (!Enum.IsDefined(Condition))
        {
            return $"condition {(int)Condition} is not one of {string.Join(", ", Enum.GetNames<AlarmCondition>())}";
        }

        if (Warn is null && Critical is null)
        {
            return "needs a warn or a critical threshold";
        }

        foreach (var (name, v) in new[] { ("warn", Warn), ("critical", Critical), ("clear", Clear), ("nominal", Nominal), ("minEvents", MinEvents), ("maxError", MaxError), ("minSignificance", MinSignificance) })
        {
            if (v is { } x && !double.IsFinite(x))
            {
                return $"{name} is not a finite number";
            }
        }

        if (PendingSeconds < 0 || !double.IsFinite(PendingSeconds))
        {
            return $"pendingSeconds must be ≥ 0, got {Fmt(PendingSeconds)}";
        }

        if (Tags.Any(kv => string.IsNullOrWhiteSpace(kv.Key) || kv.Value is null))
        {
            return "a tag filter needs a key and a value";
        }

        if (Tags.ContainsKey("run"))
        {
            return "the tag filter cannot fix 'run' (alarms are per run already)";
        }

        if (Modes.FirstOrDefault(m => !ModeNames.Contains(m.ToLowerInvariant())) is { } badMode)
        {
            return $"mode '{badMode}' is not one of {string.Join(", ", ModeNames)}";
        }

        if (Route.FirstOrDefault(r => !NotifierNames.Contains(r.ToLowerInvariant())) is { } badRoute)
        {
            return $"route '{badRoute}' is not one of {string.Join(", ", NotifierNames)}";
        }

        if ((MaxError is not null || MinSignificance is not null) && string.IsNullOrWhiteSpace(ErrorField))
        {
            return "maxError and minSignificance need an errorField";
        }

        if (MinSignificance is < 0 || MaxError is < 0 || MinEvents is < 0)
        {
            return "minEvents, maxError and minSignificance cannot be negative";
        }

        return Condition switch
        {
            AlarmCondition.Above => Ordered(ascending: true),
            AlarmCondition.Below => Ordered(ascending: false),
            AlarmCondition.OutsideBand when Nominal is null => "outsideBand needs a nominal value (the centre of the band)",
            AlarmCondition.OutsideBand when Warn is < 0 || Critical is < 0 || Clear is < 0 => "outsideBand thresholds are deviations from the nominal and cannot be negative",
            AlarmCondition.OutsideBand => Ordered(ascending: true),
            AlarmCondition.RateOfChange when RateSpanSeconds <= 0 || !double.IsFinite(RateSpanSeconds) => $"rateSpanSeconds must be > 0, got {Fmt(RateSpanSeconds)}",
            AlarmCondition.RateOfChange when RaiseThreshold == 0 => "rateOfChange thresholds cannot be 0 (positive alarms on a rise, negative on a fall)",
            AlarmCondition.RateOfChange when Warn is { } w && Critical is { } c && Math.Sign(w) != Math.Sign(c) => "rateOfChange warn and critical must have the same sign",
            AlarmCondition.RateOfChange => Ordered(ascending: RaiseThreshold > 0),
            AlarmCondition.NoData when RaiseThreshold <= 0 => "noData thresholds are seconds without data and must be > 0",
            AlarmCondition.NoData when DataWindowSeconds < 0 || !double.IsFinite(DataWindowSeconds) => $"dataWindowSeconds must be ≥ 0, got {Fmt(DataWindowSeconds)}",
            AlarmCondition.NoData => Ordered(ascending: true),
            _ => null,
        };
    }

    // Above: clear ≤ warn ≤ critical; Below: the mirror image.
    private string? Ordered(bool ascending)
    {
        var sign = ascending ? 1 : -1;
        if (Warn is { } w && Critical is { } c && sign * (c - w) < 0)
        {
            return ascending ? $"critical {Fmt(c)} must be ≥ warn {Fmt(w)}" : $"critical {Fmt(c)} must be ≤ warn {Fmt(w)}";
        }

        if (Clear is { } cl && sign * (RaiseThreshold - cl) < 0)
        {
            return ascending
                ? $"clear {Fmt(cl)} must be ≤ the raising threshold {Fmt(RaiseThreshold)} (hysteresis)"
                : $"clear {Fmt(cl)} must be ≥ the raising threshold {Fmt(RaiseThreshold)} (hysteresis)";
        }

        return null;
    }

    private static string Fmt(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

using System.Globalization;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// What a page says, shared by the notifiers: summary (what, where, value vs threshold, since when),
/// description (the rule's meaning), the dashboard panel link, the labels. Immutable, thread-safe.
/// </summary>
public sealed class PageContent
{
    private readonly Dictionary<string, AlarmRule> _rules;
    private readonly ILookup<string, AlarmRule> _problems;
    private readonly string? _dashboard;

    /// <summary>Creates the content builder from the alarm options (rules and dashboard URL).</summary>
    public PageContent(AlarmOptions options)
    {
        _rules = options.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _problems = options.Rules.ToLookup(r => r.ProblemKey, StringComparer.Ordinal);
        _dashboard = string.IsNullOrWhiteSpace(options.DashboardUrl) ? null : options.DashboardUrl.TrimEnd('/') + "/";
    }

    /// <summary>The rule of a transition, or null when it is no longer configured.</summary>
    public AlarmRule? RuleOf(AlarmTransition t) => _rules.GetValueOrDefault(t.Rule);

    /// <summary>Event time as RFC 3339 UTC with ms (what Alertmanager and webhooks expect).</summary>
    public static string Rfc3339(long unixNs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.DivRem(unixNs, 1_000_000L, out var rem) - (rem < 0 ? 1 : 0))
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One line: what problem, where, value vs threshold, since when (an update also says when and which rules fire).</summary>
    public static string Summary(AlarmTransition t)
    {
        var since = Since(t);
        var level = t.ProblemSeverity == AlarmSeverity.Critical ? "CRITICAL" : "WARNING";
        return t.Notice switch
        {
            AlarmNotice.Resolve => $"RESOLVED {t.Problem} (run {t.Run}) at {Rfc3339(t.EventTimeNs)}, firing since {Rfc3339(since)}: {t.Message}",
            AlarmNotice.Update => $"{level} {t.Problem} (run {t.Run}) since {Rfc3339(since)}, updated at {Rfc3339(t.EventTimeNs)} ({t.FiringRules} firing): {t.Message}",
            _ => $"{level} {t.Problem} (run {t.Run}) since {Rfc3339(since)}: {t.Message}",
        };
    }

    /// <summary>Event time the problem started firing (the page), or the transition's own time before it fired.</summary>
    public static long Since(AlarmTransition t) => t.ProblemFiredAtNs != 0 ? t.ProblemFiredAtNs : t.FiredAtNs != 0 ? t.FiredAtNs : t.EventTimeNs;

    /// <summary>The rule's description (what it means, what to check).</summary>
    public string Description(AlarmTransition t) => RuleOf(t)?.Description is { Length: > 0 } d ? d : $"{t.Measurement}.{t.Field} out of its limits.";

    /// <summary>The dashboard panel link for the alarm's run and time (an hour before firing to 10 min after the event), or null.</summary>
    public string? PanelLink(AlarmTransition t)
    {
        if (_dashboard is null || RuleOf(t)?.Panel is not { Length: > 0 } panel)
        {
            return null;
        }

        var fromMs = (Since(t) / 1_000_000) - 3_600_000;
        var toMs = (t.EventTimeNs / 1_000_000) + 600_000;
        var path = panel.Replace("{run}", t.Run.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).TrimStart('/');
        var sep = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return string.Create(CultureInfo.InvariantCulture, $"{_dashboard}{path}{sep}from={fromMs}&to={toMs}");
    }

    /// <summary>
    /// The labels that identify the alert (Alertmanager's identity: the whole label set) for a
    /// severity: the same for every rule of a problem, so a page, its updates and its resolve are one
    /// alert. alertname = the problem; measurement, field and tag filters only where all the
    /// problem's rules agree; the run and the open series tags; detector, source; the extras.
    /// Callers pass <see cref="AlarmTransition.PageSeverity"/> (fixed for the episode).
    /// </summary>
    public SortedDictionary<string, string> Labels(AlarmTransition t, AlarmSeverity severity, IReadOnlyDictionary<string, string> extra)
    {
        List<AlarmRule> rules = [.. _problems[t.Problem]];
        if (rules.Count == 0 && RuleOf(t) is { } own)
        {
            rules.Add(own);
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in extra)
        {
            labels[k] = v;
        }

        foreach (var (k, v) in rules.FirstOrDefault()?.Tags ?? [])
        {
            if (rules.All(r => r.Tags.TryGetValue(k, out var other) && other == v))
            {
                labels[k] = v;
            }
        }

        foreach (var part in t.Series.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                labels[part[..eq]] = part[(eq + 1)..];
            }
        }

        labels["alertname"] = t.Problem;
        labels["run"] = t.Run.ToString(CultureInfo.InvariantCulture);
        labels["severity"] = severity == AlarmSeverity.Critical ? "critical" : "warning";
        labels["measurement"] = rules.Count == 0 ? t.Measurement : rules.All(r => r.Measurement == rules[0].Measurement) ? rules[0].Measurement : string.Empty;
        labels["field"] = rules.Count == 0 ? t.Field : rules.All(r => r.Field == rules[0].Field) ? rules[0].Field : string.Empty;
        labels["detector"] = "lz";
        labels["source"] = "lzdqm";
        foreach (var empty in labels.Where(kv => string.IsNullOrEmpty(kv.Value)).Select(kv => kv.Key).ToList())
        {
            labels.Remove(empty); // Alertmanager treats an empty label as absent; keep the identity explicit
        }

        return labels;
    }
}

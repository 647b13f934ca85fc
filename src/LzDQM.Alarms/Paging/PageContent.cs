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
    private readonly string? _dashboard;

    /// <summary>Creates the content builder from the alarm options (rules and dashboard URL).</summary>
    public PageContent(AlarmOptions options)
    {
        _rules = options.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _dashboard = string.IsNullOrWhiteSpace(options.DashboardUrl) ? null : options.DashboardUrl.TrimEnd('/') + "/";
    }

    /// <summary>The rule of a transition, or null when it is no longer configured.</summary>
    public AlarmRule? RuleOf(AlarmTransition t) => _rules.GetValueOrDefault(t.Rule);

    /// <summary>Event time as RFC 3339 UTC with ms (what Alertmanager and webhooks expect).</summary>
    public static string Rfc3339(long unixNs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.DivRem(unixNs, 1_000_000L, out var rem) - (rem < 0 ? 1 : 0))
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One line: what, where, value vs threshold, since when.</summary>
    public static string Summary(AlarmTransition t)
    {
        var since = t.FiredAtNs != 0 ? t.FiredAtNs : t.EventTimeNs;
        return t.Kind switch
        {
            AlarmTransitionKind.Resolved => $"RESOLVED {t.Rule} (run {t.Run}) at {Rfc3339(t.EventTimeNs)}, firing since {Rfc3339(since)}: {t.Message}",
            AlarmTransitionKind.Escalated => $"CRITICAL {t.Rule} (run {t.Run}) since {Rfc3339(since)}: {t.Message}",
            _ => $"{(t.Severity == AlarmSeverity.Critical ? "CRITICAL" : "WARNING")} {t.Rule} (run {t.Run}) since {Rfc3339(since)}: {t.Message}",
        };
    }

    /// <summary>The rule's description (what it means, what to check).</summary>
    public string Description(AlarmTransition t) => RuleOf(t)?.Description is { Length: > 0 } d ? d : $"{t.Measurement}.{t.Field} out of its limits.";

    /// <summary>The dashboard panel link for the alarm's run and time (an hour before firing to 10 min after the event), or null.</summary>
    public string? PanelLink(AlarmTransition t)
    {
        if (_dashboard is null || RuleOf(t)?.Panel is not { Length: > 0 } panel)
        {
            return null;
        }

        var fromMs = ((t.FiredAtNs != 0 ? t.FiredAtNs : t.EventTimeNs) / 1_000_000) - 3_600_000;
        var toMs = (t.EventTimeNs / 1_000_000) + 600_000;
        var path = panel.Replace("{run}", t.Run.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).TrimStart('/');
        var sep = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return string.Create(CultureInfo.InvariantCulture, $"{_dashboard}{path}{sep}from={fromMs}&to={toMs}");
    }

    /// <summary>The labels that identify the alert (Alertmanager's identity) for a severity.</summary>
    public SortedDictionary<string, string> Labels(AlarmTransition t, AlarmSeverity severity, IReadOnlyDictionary<string, string> extra)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in extra)
        {
            labels[k] = v;
        }

        if (RuleOf(t) is { } rule)
        {
            foreach (var (k, v) in rule.Tags)
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

        labels["alertname"] = t.Rule;
        labels["run"] = t.Run.ToString(CultureInfo.InvariantCulture);
        labels["severity"] = severity == AlarmSeverity.Critical ? "critical" : "warning";
        labels["measurement"] = t.Measurement;
        labels["field"] = t.Field;
        labels["detector"] = "lz";
        labels["source"] = "lzdqm";
        foreach (var empty in labels.Where(kv => string.IsNullOrEmpty(kv.Value)).Select(kv => kv.Key).ToList())
        {
            labels.Remove(empty); // Alertmanager treats an empty label as absent; keep the identity explicit
        }

        return labels;
    }
}

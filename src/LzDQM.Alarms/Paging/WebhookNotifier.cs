using System.Text.Json;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// A generic JSON webhook: one <c>POST</c> per notice of a problem, <c>event</c> = <c>page</c> (once),
/// <c>update</c> (another rule of the problem fired, or an escalation: not a new problem) or
/// <c>resolve</c> (once), with an idempotency key (<c>alarm id # transition sequence</c> of the rule
/// transition behind it, unique per notice) in the body and in the <c>Idempotency-Key</c> header, so
/// a receiver can drop a repeat after a node's death; <c>problem_id</c> ties a problem's notices
/// together. Body fields: idempotency_key, event, problem, problem_id, problem_severity,
/// firing_rules, alarm_id, kind (the rule's change: fired, escalated, resolved), state, severity
/// (the rule's), rule, run, measurement, field, tags, value, threshold, message, summary,
/// description, event_time, fired_at (the problem's page), dashboard. Thread-safe.
/// </summary>
public sealed class WebhookNotifier : IAlarmNotifier
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly PageContent _content;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the notifier; <paramref name="options"/>.Webhook.Url must be set.</summary>
    public WebhookNotifier(AlarmOptions options, HttpClient http)
    {
        if (string.IsNullOrWhiteSpace(options.Webhook.Url))
        {
            throw new AlarmConfigException($"{AlarmOptions.SectionName}:Webhook:Url is not set");
        }

        _url = new Uri(options.Webhook.Url);
        _http = http;
        _content = new PageContent(options);
        _timeout = TimeSpan.FromMilliseconds(options.Retry.RequestTimeoutMs);
    }

    /// <inheritdoc/>
    public string Name => "webhook";

    /// <inheritdoc/>
    public TimeSpan? RefreshInterval => null;

    /// <inheritdoc/>
    public Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken ct) =>
        JsonPost.SendAsync(_http, _url, Body(entry.Transition), entry.Transition.IdempotencyKey, _timeout, "webhook", ct);

    /// <inheritdoc/>
    public Task<DeliveryOutcome> RefreshAsync(FiringNotice notice, CancellationToken ct) =>
        Task.FromResult(new DeliveryOutcome(DeliveryStatus.Delivered, null));

    /// <summary>The request body of a transition.</summary>
    public byte[] Body(AlarmTransition t)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("idempotency_key", t.IdempotencyKey);
            w.WriteString("event", t.NoticeName);
            w.WriteString("problem", t.Problem);
            w.WriteString("problem_id", t.ProblemId);
            w.WriteString("problem_severity", t.ProblemSeverity == AlarmSeverity.Critical ? "critical" : "warn");
            w.WriteStartArray("firing_rules");
            foreach (var r in t.FiringRules.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
            w.WriteString("alarm_id", t.AlarmId);
            w.WriteString("kind", t.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("state", (int)t.State);
            w.WriteString("severity", t.SeverityTag);
            w.WriteString("rule", t.Rule);
            w.WriteNumber("run", t.Run);
            w.WriteString("measurement", t.Measurement);
            w.WriteString("field", t.Field);
            w.WriteStartObject("tags");
            foreach (var (k, v) in _content.Labels(t, t.Severity, new Dictionary<string, string>()))
            {
                if (k is not ("alertname" or "run" or "severity" or "measurement" or "field" or "detector" or "source"))
                {
                    w.WriteString(k, v);
                }
            }

            w.WriteEndObject();
            w.WriteNumber("value", double.IsFinite(t.Value) ? t.Value : 0);
            w.WriteNumber("threshold", double.IsFinite(t.Threshold) ? t.Threshold : 0);
            w.WriteString("message", t.Message);
            w.WriteString("summary", PageContent.Summary(t));
            w.WriteString("description", _content.Description(t));
            w.WriteString("event_time", PageContent.Rfc3339(t.EventTimeNs));
            w.WriteNumber("event_time_ns", t.EventTimeNs);
            if (t.ProblemFiredAtNs != 0 || t.FiredAtNs != 0)
            {
                w.WriteString("fired_at", PageContent.Rfc3339(PageContent.Since(t)));
            }

            if (_content.PanelLink(t) is { } link)
            {
                w.WriteString("dashboard", link);
            }

            w.WriteEndObject();
        }

        return ms.ToArray();
    }
}

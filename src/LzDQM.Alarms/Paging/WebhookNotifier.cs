using System.Text.Json;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// A generic JSON webhook: one <c>POST</c> per paging transition (fired, escalated, resolved), with
/// an idempotency key (<c>alarm id # transition sequence</c>) in the body and in the
/// <c>Idempotency-Key</c> header, so a receiver can drop a repeat after a node's death. Body fields:
/// idempotency_key, alarm_id, kind, state, severity, rule, run, measurement, field, tags, value,
/// threshold, message, summary, description, event_time, fired_at, dashboard. Thread-safe.
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
            if (t.FiredAtNs != 0)
            {
                w.WriteString("fired_at", PageContent.Rfc3339(t.FiredAtNs));
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

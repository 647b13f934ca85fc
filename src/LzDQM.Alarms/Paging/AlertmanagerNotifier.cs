using System.Globalization;
using System.Text.Json;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// Pages through the Alertmanager v2 API: <c>POST {url}/api/v2/alerts</c> with a JSON array of alerts.
/// Labels identify the alert (alertname = rule, run, severity, measurement, field, the rule's tags,
/// detector=lz, source=lzdqm, plus configured extras); annotations say what, where, value vs
/// threshold, since when, what it means, and link the dashboard panel. A firing alert has
/// <c>startsAt</c> = event time it fired and <c>endsAt</c> = wall clock + expiry, re-sent identically
/// every refresh interval so Alertmanager does not expire it (as Prometheus does); a resolve has
/// <c>endsAt</c> = event time of the resolution. An escalation resolves the warning alert and fires
/// the critical one in one request. Thread-safe.
/// </summary>
public sealed class AlertmanagerNotifier : IAlarmNotifier
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly AlertmanagerOptions _options;
    private readonly PageContent _content;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the notifier; <paramref name="options"/>.Alertmanager.Url must be set.</summary>
    public AlertmanagerNotifier(AlarmOptions options, HttpClient http, TimeProvider? time = null)
    {
        _options = options.Alertmanager;
        if (string.IsNullOrWhiteSpace(_options.Url))
        {
            throw new AlarmConfigException($"{AlarmOptions.SectionName}:Alertmanager:Url is not set");
        }

        _url = new Uri(_options.Url.TrimEnd('/') + "/api/v2/alerts");
        _http = http;
        _content = new PageContent(options);
        _time = time ?? TimeProvider.System;
        _timeout = TimeSpan.FromMilliseconds(options.Retry.RequestTimeoutMs);
    }

    /// <inheritdoc/>
    public string Name => "alertmanager";

    /// <inheritdoc/>
    public TimeSpan? RefreshInterval => TimeSpan.FromSeconds(_options.RefreshSeconds);

    /// <inheritdoc/>
    public Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken ct) =>
        JsonPost.SendAsync(_http, _url, Body(entry.Transition, refresh: false), null, _timeout, "Alertmanager", ct);

    /// <inheritdoc/>
    public Task<DeliveryOutcome> RefreshAsync(FiringNotice notice, CancellationToken ct) =>
        JsonPost.SendAsync(_http, _url, Body(notice.Transition, refresh: true), null, _timeout, "Alertmanager", ct);

    /// <summary>The request body for a transition (a refresh re-sends only the firing alert).</summary>
    public byte[] Body(AlarmTransition t, bool refresh)
    {
        var expiry = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L + (long)(_options.ExpirySeconds * 1e9);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartArray();
            switch (t.Kind)
            {
                case AlarmTransitionKind.Escalated:
                    if (!refresh)
                    {
                        Alert(w, t, AlarmSeverity.Warn, t.FiredAtNs, t.EventTimeNs);
                    }

                    Alert(w, t, AlarmSeverity.Critical, t.SinceNs, expiry);
                    break;
                case AlarmTransitionKind.Resolved:
                    Alert(w, t, t.Severity, t.SinceNs != 0 ? t.SinceNs : t.FiredAtNs, t.EventTimeNs);
                    break;
                default:
                    Alert(w, t, t.Severity, t.SinceNs != 0 ? t.SinceNs : t.EventTimeNs, expiry);
                    break;
            }

            w.WriteEndArray();
        }

        return ms.ToArray();
    }

    private void Alert(Utf8JsonWriter w, AlarmTransition t, AlarmSeverity severity, long startsNs, long endsNs)
    {
        w.WriteStartObject();
        w.WriteStartObject("labels");
        foreach (var (k, v) in _content.Labels(t, severity, _options.Labels))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
        w.WriteStartObject("annotations");
        w.WriteString("summary", PageContent.Summary(t));
        w.WriteString("description", _content.Description(t));
        w.WriteString("message", t.Message);
        w.WriteString("value", t.Value.ToString("G6", CultureInfo.InvariantCulture));
        w.WriteString("threshold", t.Threshold.ToString("G6", CultureInfo.InvariantCulture));
        w.WriteString("since", PageContent.Rfc3339(t.FiredAtNs != 0 ? t.FiredAtNs : t.EventTimeNs));
        w.WriteString("event_time", PageContent.Rfc3339(t.EventTimeNs));
        w.WriteString("alarm_id", t.AlarmId);
        if (_content.PanelLink(t) is { } link)
        {
            w.WriteString("dashboard", link);
        }

        w.WriteEndObject();
        w.WriteString("startsAt", PageContent.Rfc3339(startsNs));
        w.WriteString("endsAt", PageContent.Rfc3339(endsNs));
        if (_content.PanelLink(t) is { } generator)
        {
            w.WriteString("generatorURL", generator);
        }

        w.WriteEndObject();
    }
}

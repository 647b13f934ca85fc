using System.Globalization;
using System.Text.Json;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Paging;

/// <summary>
/// Pages through the Alertmanager v2 API: <c>POST {url}/api/v2/alerts</c> with a JSON array of alerts.
/// One alert per problem and run: Alertmanager identifies an alert by its whole label set, so the
/// labels (<see cref="PageContent.Labels"/>: alertname = problem, run, severity = the severity the
/// problem paged with, measurement, field, tags, detector=lz, source=lzdqm, plus configured extras)
/// stay the same from the page through its updates (another rule of the problem fired, an
/// escalation: the same alert with new annotations, not a new page) to the resolve. Annotations say
/// what, where, value vs threshold, since when, the current severity, which rules fire, what it
/// means, and link the dashboard panel. A firing alert has <c>startsAt</c> = event time the problem
/// fired and <c>endsAt</c> = wall clock + expiry, re-sent every refresh interval so Alertmanager does
/// not expire it (as Prometheus does); a resolve has <c>endsAt</c> = event time of the resolution.
/// Thread-safe.
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

    /// <summary>
    /// The request body for a transition: one alert, the problem's (page, update and refresh: firing
    /// until wall clock + expiry; resolve: ended at its event time). <paramref name="refresh"/> only
    /// documents the caller's intent: a refresh re-sends the newest page or update as it was.
    /// </summary>
    public byte[] Body(AlarmTransition t, bool refresh)
    {
        var expiry = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L + (long)(_options.ExpirySeconds * 1e9);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartArray();
            Alert(w, t, t.PageSeverity, PageContent.Since(t), t.Notice == AlarmNotice.Resolve && !refresh ? t.EventTimeNs : expiry);
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
        w.WriteString("since", PageContent.Rfc3339(PageContent.Since(t)));
        w.WriteString("event_time", PageContent.Rfc3339(t.EventTimeNs));
        w.WriteString("notice", t.NoticeName);
        w.WriteString("current_severity", t.ProblemSeverity == AlarmSeverity.Critical ? "critical" : "warning");
        w.WriteString("rule", t.Rule);
        w.WriteString("firing_rules", t.FiringRules);
        w.WriteString("problem_id", t.ProblemId);
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

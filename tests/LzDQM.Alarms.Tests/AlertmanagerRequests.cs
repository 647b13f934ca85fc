using System.Text.Json;
using LzDQM.TestServers;

namespace LzDQM.Alarms.Tests;

/// <summary>One alert as an Alertmanager receiver saw it.</summary>
public sealed record ReceivedAlert(string AlertName, string Run, string Severity, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ReceivedAt, JsonElement Json)
{
    /// <summary>Firing: its end was in the future when it arrived, as Alertmanager judges it.</summary>
    public bool Firing => EndsAt > ReceivedAt;
}

/// <summary>Parses what an <see cref="AlertReceiver"/> recorded on <c>/am/api/v2/alerts</c> and <c>/hook</c>.</summary>
public static class AlertmanagerRequests
{
    public const string AlertmanagerPath = "/am/api/v2/alerts";
    public const string WebhookPath = "/hook";

    /// <summary>Every alert of every accepted Alertmanager request, in order.</summary>
    public static List<ReceivedAlert> Alerts(IEnumerable<ReceivedRequest> requests)
    {
        var alerts = new List<ReceivedAlert>();
        foreach (var r in requests.Where(r => r.Accepted && r.Path == AlertmanagerPath))
        {
            using var doc = JsonDocument.Parse(r.Body);
            foreach (var a in doc.RootElement.EnumerateArray())
            {
                var labels = a.GetProperty("labels");
                alerts.Add(new ReceivedAlert(
                    labels.GetProperty("alertname").GetString()!, labels.GetProperty("run").GetString()!, labels.GetProperty("severity").GetString()!,
                    DateTimeOffset.Parse(a.GetProperty("startsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(a.GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                    r.ReceivedAt,
                    a.Clone()));
            }
        }

        return alerts;
    }

    /// <summary>What a request told: <c>firing</c> / <c>resolved</c> (Alertmanager, by its alerts' endsAt) or the webhook's kind.</summary>
    public static string Telling(ReceivedRequest r)
    {
        using var doc = JsonDocument.Parse(r.Body);
        if (r.Path == WebhookPath)
        {
            return doc.RootElement.GetProperty("kind").GetString()!;
        }

        return string.Join('+', doc.RootElement.EnumerateArray().Select(a =>
            DateTimeOffset.Parse(a.GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > r.ReceivedAt ? "firing" : "resolved"));
    }

    /// <summary>
    /// What Alertmanager made of the alerts, as it identifies them (by the whole label set): a page is
    /// an identity starting to fire (new, or firing again after it resolved), a resolve one that stops;
    /// a firing alert re-sent while it fires (an update or a refresh) is neither.
    /// </summary>
    public static (int Pages, int Resolves, int Identities) PagesByIdentity(IEnumerable<ReceivedAlert> alerts)
    {
        var firing = new Dictionary<string, bool>(StringComparer.Ordinal);
        var (pages, resolves) = (0, 0);
        foreach (var a in alerts)
        {
            var identity = a.Json.GetProperty("labels").GetRawText();
            var was = firing.GetValueOrDefault(identity);
            pages += a.Firing && !was ? 1 : 0;
            resolves += !a.Firing && was ? 1 : 0;
            firing[identity] = a.Firing;
        }

        return (pages, resolves, firing.Count);
    }

    /// <summary>How many times an alert identity stopped firing, as Alertmanager counts it (an alert that arrived expired is no resolve).</summary>
    public static int Resolves(IEnumerable<ReceivedRequest> requests) => PagesByIdentity(Alerts(requests)).Resolves;

    /// <summary>The accepted webhook bodies, in order.</summary>
    public static List<JsonElement> Webhooks(IEnumerable<ReceivedRequest> requests) =>
        [.. requests.Where(r => r.Accepted && r.Path == WebhookPath).Select(r => JsonDocument.Parse(r.Body).RootElement.Clone())];

    /// <summary>Event time (ns) as the RFC 3339 instant the notifiers write.</summary>
    public static DateTimeOffset Instant(long ns) => DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000);
}

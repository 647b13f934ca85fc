using System.Text.Json;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>One notification the JSON webhook receiver accepted: a fired, escalated or resolved alarm.</summary>
public sealed record WebhookPage(string AlarmId, string Kind, string Rule, uint Run, long EventTimeNs, string Key, DateTimeOffset ReceivedAt)
{
    public const string Path = "/webhook";

    /// <summary>The accepted webhook notifications among the receiver's requests.</summary>
    public static List<WebhookPage> From(IEnumerable<ReceivedRequest> requests) =>
        [.. requests.Where(r => r.Path == Path && r.Accepted).Select(Parse)];

    /// <summary>The alarm ids of each Alertmanager post the receiver accepted (a post is a JSON array of alerts).</summary>
    public static List<HashSet<string>> AlertmanagerPosts(IEnumerable<ReceivedRequest> requests) =>
        [.. requests.Where(r => r.Path == "/api/v2/alerts" && r.Accepted)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("annotations").GetProperty("alarm_id").GetString()!).ToHashSet(StringComparer.Ordinal))];

    private static WebhookPage Parse(ReceivedRequest r)
    {
        var j = JsonDocument.Parse(r.Body).RootElement;
        return new WebhookPage(
            j.GetProperty("alarm_id").GetString()!,
            j.GetProperty("kind").GetString()!,
            j.GetProperty("rule").GetString()!,
            j.GetProperty("run").GetUInt32(),
            j.GetProperty("event_time_ns").GetInt64(),
            j.GetProperty("idempotency_key").GetString()!,
            r.ReceivedAt);
    }
}

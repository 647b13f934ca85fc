using System.Text.Json.Nodes;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>The InfluxQL queries of one provisioned alert rule (its data items on the LzDQM datasource).</summary>
public static class AlertRuleQueries
{
    public static IEnumerable<RuleQuery> Of(JsonObject rule) =>
        (rule["data"]?.AsArray() ?? []).OfType<JsonObject>()
            .Where(d => (string?)d["datasourceUid"] != "__expr__")
            .Select(d => new RuleQuery(
                (string?)rule["title"] ?? "",
                (string?)d["refId"] ?? "",
                (string?)d["model"]?["query"] ?? "",
                TimeSpan.FromSeconds((long?)d["relativeTimeRange"]?["from"] ?? 600),
                TimeSpan.FromMilliseconds((long?)d["model"]?["intervalMs"] ?? 10_000)));
}

/// <summary>One alert-rule query with the time range Grafana evaluates it over (now − From … now).</summary>
public sealed record RuleQuery(string Rule, string RefId, string Query, TimeSpan From, TimeSpan Interval)
{
    public override string ToString() => $"{Rule} / {RefId}";
}

using System.Text.Json;
using System.Text.Json.Nodes;
using LzDQM.TestServers;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// Runs dashboard and alert-rule queries against the pipeline-filled database as Grafana would: variables
/// filled for every value they can take, over the time range where the data is (event time for the physics
/// measurements, the nodes' wall-clock run for <c>dqm_node</c>), with Grafana's <c>$__interval</c>.
/// </summary>
public sealed class QueryEvaluation(PipelineFilledInflux filled)
{
    /// <summary>The datasource's minimum interval (Grafana's "Min time interval", jsonData.timeInterval): the window step.</summary>
    public static readonly TimeSpan DatasourceMinInterval = TimeSpan.FromSeconds(10);

    /// <summary>The values each variable of <paramref name="dashboard"/> can take: "All" and each single value for multi-value variables.</summary>
    public async Task<Dictionary<string, List<VariableValue>>> VariableValuesAsync(DashboardFile dashboard)
    {
        var result = new Dictionary<string, List<VariableValue>>(StringComparer.Ordinal);
        foreach (var v in dashboard.Variables)
        {
            var name = (string)v["name"]!;
            var multi = (bool?)v["multi"] == true || (bool?)v["includeAll"] == true;
            List<string> values = (string?)v["type"] switch
            {
                "query" => (await filled.Influx.QueryAsync(PipelineFilledInflux.Database, (string)v["query"]!)).SelectMany(s => s.Rows).Select(r => r[1].GetString()!).ToList(),
                "custom" => (v["options"]?.AsArray() ?? []).Select(o => (string)o!["value"]!).ToList(),
                var other => throw new NotSupportedException($"{dashboard} variable {name}: type {other} is not evaluated by the tests"),
            };
            if (values.Count == 0)
            {
                throw new InvalidOperationException($"{dashboard} variable ${name}: its query '{v["query"]}' returned no values from the filled database");
            }

            var list = values.Select(x => new VariableValue([x], multi)).ToList();
            if ((bool?)v["includeAll"] == true)
            {
                list.Insert(0, new VariableValue(values, true, (string?)v["allValue"]));
            }

            result[name] = list;
        }

        return result;
    }

    /// <summary>Every filled-in form of a panel query (one per combination of the values of the variables it uses).</summary>
    public IEnumerable<string> Filled(PanelQuery query, Dictionary<string, List<VariableValue>> variables)
    {
        var used = variables.Keys.Where(n => query.Query.Contains("$" + n, StringComparison.Ordinal) || query.Query.Contains("[[" + n + "]]", StringComparison.Ordinal)).ToList();
        IEnumerable<Dictionary<string, VariableValue>> combinations = [new Dictionary<string, VariableValue>(StringComparer.Ordinal)];
        foreach (var name in used)
        {
            combinations = combinations.SelectMany(c => variables[name].Select(v => new Dictionary<string, VariableValue>(c, StringComparer.Ordinal) { [name] = v }));
        }

        var (from, to) = RangeFor(query.Query);
        var maxDataPoints = (int?)query.Panel["maxDataPoints"] ?? Math.Max(100, ((int?)query.Panel["gridPos"]?["w"] ?? 12) * 70);
        var minimum = query.Panel["interval"] is JsonValue i ? InfluxQlTemplate.ParseDuration((string)i!) : DatasourceMinInterval;
        var interval = InfluxQlTemplate.Interval(from, to, maxDataPoints, minimum);
        return combinations.Select(c => InfluxQlTemplate.Fill(query.Query, c, from, to, interval)).Distinct();
    }

    /// <summary>An alert-rule query as Grafana evaluates it the moment the newest data has arrived.</summary>
    public string Filled(RuleQuery query)
    {
        var (_, to) = RangeFor(query.Query);
        return InfluxQlTemplate.Fill(query.Query, new Dictionary<string, VariableValue>(), to - query.From, to, query.Interval);
    }

    /// <summary>Runs a filled query; returns its series and a one-line description of what came back.</summary>
    public async Task<(IReadOnlyList<InfluxSeries> Series, bool HasValues)> RunAsync(string filledQuery)
    {
        var series = await filled.Influx.QueryAsync(PipelineFilledInflux.Database, filledQuery);
        var hasValues = series.Any(s => s.Rows.Any(r => r.Skip(1).Any(v => v.ValueKind is not JsonValueKind.Null)));
        return (series, hasValues);
    }

    private (DateTimeOffset From, DateTimeOffset To) RangeFor(string query) =>
        query.Contains("\"dqm_node\"", StringComparison.Ordinal)
            ? (filled.NodesStarted.AddMinutes(-1), filled.NodesStopped.AddMinutes(1))
            : (filled.EventStart.AddMinutes(-1), filled.EventEnd.AddMinutes(1));
}

using LzDQM.Dashboards.Tests.Support;
using Xunit.Abstractions;

namespace LzDQM.Dashboards.Tests;

/// <summary>
/// Every query of every panel, variable and alert rule runs against a real influxd 1.6.7 that the LzDQM
/// pipeline filled from the purity-loss replay, returns data, and names only what the pipeline writes.
/// </summary>
[Collection(PipelineFilledInfluxCollection.Name)]
public sealed class DashboardQueryTests(PipelineFilledInflux filled, ITestOutputHelper output)
{
    private readonly QueryEvaluation _evaluation = new(filled);

    public static TheoryData<string> Dashboards() => [.. RepositoryFiles.Dashboards.Select(f => Path.GetFileName(f))];

    private static DashboardFile Load(string name) => DashboardFile.Load(Path.Combine(RepositoryFiles.DashboardsDirectory, name));

    [Fact]
    public void The_pipeline_wrote_every_kernel_measurement_and_both_nodes_health()
    {
        var written = filled.Schema.Measurements;
        Assert.All(
            new[] { "dqm_trigger_rate", "dqm_pulse_rate", "dqm_electron_lifetime", "dqm_drift", "dqm_s2_width", "dqm_node" },
            m => Assert.True(written.ContainsKey(m), $"{m} is not in InfluxDB after the fill (holds: {filled.Schema})"));
        Assert.Equal(filled.NodeNames.Order(), written["dqm_node"].Tags["node"]);
        Assert.Equal([filled.Run], written["dqm_trigger_rate"].Tags["run"]);
        Assert.Equal(["kr83m", "single_scatter"], written["dqm_electron_lifetime"].Tags["population"]);
        output.WriteLine($"fill: {filled.FillTook.TotalSeconds:F1} s, {filled.ExpectedKernelPoints} kernel points, {filled.AlarmTransitions.Count} alarm transitions:");
        foreach (var t in filled.AlarmTransitions)
        {
            output.WriteLine($"  {t.EventTimeNs} {t.AlarmTag} {t.Kind} {t.State} {t.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_template_variable_query_returns_the_values_the_pipeline_wrote(string name)
    {
        var values = await _evaluation.VariableValuesAsync(Load(name));
        if (values.TryGetValue("run", out var runs))
        {
            Assert.Contains(runs, v => v.Values.SequenceEqual([filled.Run]));
        }

        if (values.TryGetValue("node", out var nodes))
        {
            Assert.Equal(filled.NodeNames.Order(), nodes.Where(v => v.AllValue is null).Select(v => v.Values.Single()).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_panel_query_returns_a_non_empty_series_for_every_variable_value(string name)
    {
        var dashboard = Load(name);
        var variables = await _evaluation.VariableValuesAsync(dashboard);
        var failures = new List<string>();
        var ran = 0;
        foreach (var query in dashboard.Queries)
        {
            foreach (var filledQuery in _evaluation.Filled(query, variables))
            {
                ran++;
                try
                {
                    var (series, hasValues) = await _evaluation.RunAsync(filledQuery);
                    if (!hasValues)
                    {
                        failures.Add($"{query}: {series.Count} series, no value: {filledQuery}{MissingAlarmEngine(filledQuery)}");
                    }
                }
                catch (InvalidOperationException e)
                {
                    failures.Add($"{query}: {e.Message}");
                }
            }
        }

        Assert.True(ran >= dashboard.Queries.Count(), "every query ran at least once");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} queries of {name} returned no data:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task No_panel_or_variable_names_a_measurement_field_tag_or_tag_value_the_pipeline_does_not_write(string name)
    {
        var dashboard = Load(name);
        var variables = await _evaluation.VariableValuesAsync(dashboard);
        var statements = dashboard.Queries.SelectMany(q => _evaluation.Filled(q, variables).Select(f => (Owner: q.ToString(), Query: f)))
            .Concat(dashboard.Variables.Where(v => (string?)v["type"] == "query").Select(v => (Owner: $"{name} / ${v["name"]}", Query: (string)v["query"]!)));
        var missing = statements.SelectMany(s => filled.Schema.Missing(InfluxQlReferences.Parse(s.Query)).Select(m => $"{s.Owner}: {m}{MissingAlarmEngine(s.Query)}")).Distinct().ToList();
        Assert.True(missing.Count == 0, $"{name} names what the pipeline did not write:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_alert_rule_query_returns_a_non_empty_series_and_names_only_what_the_pipeline_writes()
    {
        var queries = AlertingFile.All().SelectMany(f => f.Rules).SelectMany(r => AlertRuleQueries.Of(r.Rule)).ToList();
        Assert.NotEmpty(queries);
        var failures = new List<string>();
        foreach (var query in queries)
        {
            var filledQuery = _evaluation.Filled(query);
            failures.AddRange(filled.Schema.Missing(InfluxQlReferences.Parse(filledQuery)).Select(m => $"{query}: names {m}"));
            var (series, hasValues) = await _evaluation.RunAsync(filledQuery);
            if (!hasValues)
            {
                failures.Add($"{query}: {series.Count} series, no value: {filledQuery}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_name_check_reports_a_field_tag_or_value_the_pipeline_does_not_write()
    {
        // The check itself must catch a typo: a field in ms instead of µs, an unknown tag, an unknown trigger type.
        var missing = filled.Schema.Missing(InfluxQlReferences.Parse(
            "SELECT mean(\"tau_ms\") FROM \"dqm_electron_lifetime\" WHERE \"detector\" = 'lz' AND \"population\" = 'kr83m' GROUP BY \"run\""));
        Assert.Equal(2, missing.Count);
        Assert.Contains(missing, m => m.StartsWith("field 'tau_ms'", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("tag 'detector'", StringComparison.Ordinal));
        Assert.Single(filled.Schema.Missing(InfluxQlReferences.Parse("SELECT last(\"hz\") FROM \"dqm_trigger_rate\" WHERE \"trigger_type\" = 'muon'")));
        Assert.Single(filled.Schema.Missing(InfluxQlReferences.Parse("SELECT last(\"hz\") FROM \"dqm_trigger_rates\"")));
    }

    private string MissingAlarmEngine(string query) =>
        query.Contains("\"dqm_alarm\"", StringComparison.Ordinal) && !filled.Schema.Measurements.ContainsKey("dqm_alarm")
            ? " [dqm_alarm is empty: no alarm engine fed the fill; see PipelineFilledInflux]"
            : "";
}

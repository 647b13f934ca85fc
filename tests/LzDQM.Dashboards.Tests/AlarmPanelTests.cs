using System.Text.RegularExpressions;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Dashboards.Tests.Support;

namespace LzDQM.Dashboards.Tests;

/// <summary>
/// The overview's alarm panels, on the dqm_alarm points the alarm evaluator wrote for the purity-loss
/// replay, show what a shifter must see: the lifetime alarm red, nothing else raised; and the alarm
/// rules' panel links land on a panel of the overview that shows the rule's measurement.
/// </summary>
[Collection(PipelineFilledInfluxCollection.Name)]
public sealed partial class AlarmPanelTests(PipelineFilledInflux filled)
{
    private readonly QueryEvaluation _evaluation = new(filled);

    private static DashboardFile Overview => DashboardFile.All().Single(d => d.Uid == "lzdqm-overview");

    [Fact]
    public async Task The_alarm_timeline_shows_the_electron_lifetime_alarm_firing_and_no_other_alarm()
    {
        Assert.Contains(filled.AlarmTransitions, t => t.State == AlarmState.Firing);
        var overview = Overview;
        var query = overview.Queries.Single(q => (string?)q.Panel["type"] == "state-timeline");
        var variables = await _evaluation.VariableValuesAsync(overview);
        var (series, _) = await _evaluation.RunAsync(_evaluation.Filled(query, variables).Single());

        var states = series.ToDictionary(s => s.Tags["alarm"], s => s.Rows.Select(r => r[1]).Where(v => v.ValueKind == System.Text.Json.JsonValueKind.Number).Select(v => v.GetInt32()).ToHashSet());
        Assert.NotEmpty(states);
        Assert.All(states.Keys, alarm => Assert.StartsWith("electron-lifetime-", alarm, StringComparison.Ordinal));
        Assert.Contains(states, s => s.Value.Contains((int)AlarmState.Firing));
    }

    [Fact]
    public async Task The_alarm_log_lists_every_state_change_with_its_message()
    {
        var overview = Overview;
        var query = overview.Queries.Single(q => (string?)q.Panel["type"] == "table");
        var variables = await _evaluation.VariableValuesAsync(overview);
        var (series, _) = await _evaluation.RunAsync(_evaluation.Filled(query, variables).Single());

        var rows = series.SelectMany(s => s.Rows.Select((_, i) => (Alarm: s.Tags["alarm"], State: s.Value(i, "state").GetInt32(), Message: s.Value(i, "message").GetString()))).ToList();
        Assert.Equal(filled.AlarmTransitions.Count, rows.Count);
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        Assert.Contains(rows, r => r.State == (int)AlarmState.Firing);
    }

    [Fact]
    public void Every_default_alarm_rule_links_an_overview_panel_that_shows_its_measurement()
    {
        var dashboards = DashboardFile.All().ToDictionary(d => d.Uid, StringComparer.Ordinal);
        foreach (var rule in DefaultAlarmRules.Create())
        {
            var m = PanelLink().Match(rule.Panel ?? "");
            Assert.True(m.Success, $"rule {rule.Name}: panel link '{rule.Panel}' is not d/<uid>?...viewPanel=<id>");
            Assert.True(dashboards.TryGetValue(m.Groups["uid"].Value, out var dashboard), $"rule {rule.Name}: no dashboard {m.Groups["uid"].Value}");
            var id = int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var queries = dashboard.Queries.Where(q => q.PanelId == id).ToList();
            Assert.True(queries.Count > 0, $"rule {rule.Name}: {dashboard.Name} has no panel {id}");
            Assert.True(queries.Any(q => q.Query.Contains($"\"{rule.Measurement}\"", StringComparison.Ordinal)), $"rule {rule.Name}: panel {id} '{queries[0].Title}' does not show {rule.Measurement}");
        }
    }

    [GeneratedRegex(@"^/?d/(?<uid>[A-Za-z0-9_-]+)\?.*\bviewPanel=(?<id>[0-9]+)")]
    private static partial Regex PanelLink();
}

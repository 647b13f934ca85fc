using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LzDQM.Dashboards.Tests.Support;

namespace LzDQM.Dashboards.Tests;

/// <summary>The dashboard files are valid Grafana dashboards, by the Grafana JSON Schemas, and consistent with each other.</summary>
public sealed partial class DashboardSchemaTests
{
    private const string DatasourceUid = "lzdqm-influxql";

    public static TheoryData<string> Dashboards() => [.. RepositoryFiles.Dashboards.Select(f => Path.GetFileName(f))];

    private static DashboardFile Load(string name) => DashboardFile.Load(Path.Combine(RepositoryFiles.DashboardsDirectory, name));

    [Fact]
    public void The_three_dashboards_exist_with_their_uids()
    {
        var uids = DashboardFile.All().ToDictionary(d => d.Name, d => d.Uid);
        Assert.Equal("lzdqm-overview", uids["shifter-overview.json"]);
        Assert.Equal("lzdqm-calibration", uids["calibration.json"]);
        Assert.Equal("lzdqm-cluster", uids["cluster-health.json"]);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_validates_against_the_Grafana_dashboard_schema(string name)
    {
        var errors = GrafanaSchemas.ValidateDashboard(Load(name).Json);
        Assert.True(errors.Count == 0, $"{name}:\n" + string.Join("\n", errors.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_panel_has_a_schema_checked_type_and_valid_options_and_custom_field_config(string name)
    {
        var errors = new List<string>();
        foreach (var panel in Load(name).Panels)
        {
            var type = (string?)panel["type"] ?? "";
            var title = (string?)panel["title"];
            if (!GrafanaSchemas.PanelSchemaFiles.TryGetValue(type, out var file))
            {
                errors.Add($"'{title}': panel type '{type}' has no schema here (use {string.Join(", ", GrafanaSchemas.PanelSchemaFiles.Keys)})");
                continue;
            }

            errors.AddRange(GrafanaSchemas.ValidateDefinition(file, "Options", panel["options"] ?? new JsonObject()).Select(e => $"'{title}' options: {e}"));
            var custom = panel["fieldConfig"]?["defaults"]?["custom"];
            if (GrafanaSchemas.HasDefinition(file, "FieldConfig"))
            {
                errors.AddRange(GrafanaSchemas.ValidateDefinition(file, "FieldConfig", custom ?? new JsonObject()).Select(e => $"'{title}' fieldConfig.defaults.custom: {e}"));
            }
            else if (custom is JsonObject { Count: > 0 })
            {
                errors.Add($"'{title}': {type} has no custom field config, but the panel sets one");
            }
        }

        Assert.True(errors.Count == 0, $"{name}:\n" + string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_panel_and_variable_queries_the_LzDQM_InfluxQL_datasource_by_uid(string name)
    {
        var dashboard = Load(name);
        var refs = dashboard.Panels.Select(p => ((string?)p["title"], p["datasource"]))
            .Concat(dashboard.Panels.SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => ((string?)p["title"], t?["datasource"]))))
            .Concat(dashboard.Variables.Where(v => (string?)v["type"] == "query").Select(v => ((string?)v["name"], v["datasource"])));
        foreach (var (owner, ds) in refs)
        {
            Assert.True((string?)ds?["uid"] == DatasourceUid && (string?)ds?["type"] == "influxdb", $"{name} / {owner}: datasource {ds?.ToJsonString()} is not {{influxdb, {DatasourceUid}}}");
        }

        Assert.All(dashboard.Queries, q =>
        {
            Assert.True((bool?)q.Target["rawQuery"] == true, $"{q}: not a raw InfluxQL query");
            Assert.False(string.IsNullOrWhiteSpace(q.Query), $"{q}: empty query");
        });
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Panels_have_unique_ids_and_do_not_overlap_on_the_24_column_grid(string name)
    {
        var panels = Load(name).Panels.Select(p => (Id: (int)p["id"]!, Title: (string?)p["title"], X: (int)p["gridPos"]!["x"]!, Y: (int)p["gridPos"]!["y"]!, W: (int)p["gridPos"]!["w"]!, H: (int)p["gridPos"]!["h"]!)).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.Id).Distinct().Count());
        foreach (var p in panels)
        {
            Assert.True(p.X + p.W <= 24, $"'{p.Title}' ends at column {p.X + p.W}");
        }

        var overlaps = panels.SelectMany((a, i) => panels.Skip(i + 1).Where(b => a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H).Select(b => $"'{a.Title}' and '{b.Title}'")).ToList();
        Assert.True(overlaps.Count == 0, "overlapping panels: " + string.Join(", ", overlaps));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Series_aliases_name_only_tags_the_query_groups_by(string name)
    {
        // Grafana fills $tag_x from the series' GROUP BY tags; an alias on a tag not grouped by shows an empty name.
        foreach (var q in Load(name).Queries)
        {
            var alias = (string?)q.Target["alias"] ?? "";
            foreach (Match m in AliasTag().Matches(alias))
            {
                var tag = m.Groups[1].Value;
                Assert.True(q.Query.Contains("GROUP BY", StringComparison.Ordinal) && GroupByTags(q.Query).Contains(tag),
                    $"{q}: alias '{alias}' uses $tag_{tag} but the query does not GROUP BY \"{tag}\"");
            }
        }
    }

    [Fact]
    public void Links_to_dashboards_name_dashboards_that_exist()
    {
        var all = DashboardFile.All();
        var uids = all.Select(d => d.Uid).ToHashSet(StringComparer.Ordinal);
        var urls = all.SelectMany(d => d.Panels.SelectMany(p => (p["links"]?.AsArray() ?? []).Select(l => (d.Name, Url: (string?)l?["url"] ?? "")))).ToList();
        Assert.NotEmpty(urls);
        foreach (var (dashboard, url) in urls)
        {
            var m = DashboardPath().Match(url);
            Assert.True(m.Success && uids.Contains(m.Groups[1].Value), $"{dashboard}: link '{url}' does not name one of the dashboards ({string.Join(", ", uids)})");
        }
    }

    [Fact]
    public void The_overview_colours_alarm_states_green_orange_red_with_words_a_shifter_reads()
    {
        var overview = DashboardFile.All().Single(d => d.Uid == "lzdqm-overview");
        var alarmPanels = overview.Panels.Where(p => p.ToJsonString().Contains("dqm_alarm", StringComparison.Ordinal) && (string?)p["type"] is "stat" or "state-timeline").ToList();
        Assert.True(alarmPanels.Count >= 2, "the overview shows alarm states as a stat and a state timeline");
        foreach (var panel in alarmPanels)
        {
            var map = panel["fieldConfig"]!["defaults"]!["mappings"]!.AsArray().Single(m => (string?)m!["type"] == "value")!["options"]!;
            Assert.Equal(("OK", "green"), ((string?)map["0"]!["text"], (string?)map["0"]!["color"]));
            Assert.Equal(("PENDING", "orange"), ((string?)map["1"]!["text"], (string?)map["1"]!["color"]));
            Assert.Equal(("FIRING", "red"), ((string?)map["2"]!["text"], (string?)map["2"]!["color"]));
        }
    }

    [Fact]
    public void The_schema_check_rejects_what_Grafana_would_not_load()
    {
        // The validator must not pass everything: an unknown dashboard property, a panel option of the wrong type.
        var dashboard = Load("shifter-overview.json").Json.DeepClone().AsObject();
        dashboard["refreshEvery"] = "10s";
        Assert.Contains(GrafanaSchemas.ValidateDashboard(dashboard), e => e.Contains("refreshEvery", StringComparison.Ordinal));

        var options = JsonNode.Parse("""{"legend": {"displayMode": "list", "placement": "left", "showLegend": true, "calcs": []}, "tooltip": {"mode": "multi", "sort": "none"}}""")!;
        Assert.NotEmpty(GrafanaSchemas.ValidateDefinition("timeseries.jsonschema.json", "Options", options));
    }

    private static IEnumerable<string> GroupByTags(string query)
    {
        var groupBy = query[(query.IndexOf("GROUP BY", StringComparison.Ordinal) + 8)..];
        return QuotedIdentifier().Matches(groupBy).Select(m => m.Groups[1].Value);
    }

    [GeneratedRegex(@"\$tag_([A-Za-z0-9_]+)")]
    private static partial Regex AliasTag();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedIdentifier();

    [GeneratedRegex(@"^/d/([A-Za-z0-9_-]+)(/|\?|$)")]
    private static partial Regex DashboardPath();
}

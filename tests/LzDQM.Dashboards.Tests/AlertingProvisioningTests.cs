using System.Text.Json.Nodes;
using LzDQM.Dashboards.Tests.Support;

namespace LzDQM.Dashboards.Tests;

/// <summary>The Grafana alerting provisioning files are valid by alerting.jsonschema.json and keep every URL and secret out of the repository.</summary>
public sealed class AlertingProvisioningTests
{
    private const string SchemaFile = "alerting.jsonschema.json";

    /// <summary>Environment variables the files may read (documented in dashboards/README.md and the files).</summary>
    private static readonly HashSet<string> DocumentedVariables = new(StringComparer.Ordinal)
    {
        "LZDQM_ALERTMANAGER_URL", "LZDQM_ALERTMANAGER_USER", "LZDQM_ALERTMANAGER_PASSWORD",
    };

    [Fact]
    public void Files_are_apiVersion_1_with_only_keys_Grafana_knows()
    {
        foreach (var file in AlertingFile.All())
        {
            Assert.Equal(1L, (long?)file.Json["apiVersion"]);
            var unknown = file.Json.Select(kv => kv.Key).Where(k => !AlertingFile.KnownKeys.Contains(k)).ToList();
            Assert.True(unknown.Count == 0, $"{file}: unknown keys {string.Join(", ", unknown)}");
        }
    }

    [Fact]
    public void Rule_groups_validate_against_the_RuleGroup_and_Rule_schemas()
    {
        var groups = AlertingFile.All().SelectMany(f => f.Groups.Select(g => (f, g))).ToList();
        Assert.NotEmpty(groups);
        foreach (var (file, group) in groups)
        {
            Assert.True(group["orgId"] is not null && group["folder"] is not null && group["name"] is not null, $"{file}: a group needs orgId, folder and name");
            var errors = GrafanaSchemas.ValidateDefinition(SchemaFile, "RuleGroup", AlertingFile.ToRuleGroup(group));
            Assert.True(errors.Count == 0, $"{file} group {group["name"]}:\n" + string.Join("\n", errors));
        }
    }

    [Fact]
    public void Contact_points_and_policies_validate_against_their_schemas()
    {
        var files = AlertingFile.All();
        var receivers = files.SelectMany(f => f.ContactPoints.SelectMany(AlertingFile.ToContactPoints)).ToList();
        Assert.NotEmpty(receivers);
        foreach (var receiver in receivers)
        {
            // Grafana's provisioning names the Alertmanager integration "prometheus-alertmanager"; the
            // foundation-sdk schema's enum (from the API model) calls the same integration "alertmanager".
            var checkedAs = receiver.DeepClone().AsObject();
            if ((string?)checkedAs["type"] == "prometheus-alertmanager")
            {
                checkedAs["type"] = "alertmanager";
            }

            var errors = GrafanaSchemas.ValidateDefinition(SchemaFile, "ContactPoint", checkedAs);
            Assert.True(errors.Count == 0, $"contact point {receiver["name"]}:\n" + string.Join("\n", errors));
        }

        var policies = files.SelectMany(f => f.Policies).ToList();
        Assert.NotEmpty(policies);
        var names = files.SelectMany(f => f.ContactPoints).Select(c => (string?)c["name"]).ToHashSet();
        foreach (var policy in policies)
        {
            var errors = GrafanaSchemas.ValidateDefinition(SchemaFile, "NotificationPolicy", AlertingFile.ToNotificationPolicy(policy));
            Assert.True(errors.Count == 0, "policy:\n" + string.Join("\n", errors));
            foreach (var receiver in Receivers(policy))
            {
                Assert.True(names.Contains(receiver), $"policy routes to '{receiver}', which no provisioned contact point is named");
            }
        }
    }

    [Fact]
    public void Contact_point_settings_take_every_URL_and_secret_from_the_environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["LZDQM_ALERTMANAGER_URL"] = "http://alertmanager:9093",
            ["LZDQM_ALERTMANAGER_USER"] = "",
            ["LZDQM_ALERTMANAGER_PASSWORD"] = "",
        };
        var settings = AlertingFile.All().SelectMany(f => f.ContactPoints.SelectMany(AlertingFile.ToContactPoints)).Select(r => (Name: (string?)r["name"], Settings: r["settings"]!.AsObject())).ToList();
        foreach (var (name, values) in settings)
        {
            foreach (var (key, value) in values)
            {
                var text = value?.ToString() ?? "";
                var (expanded, variables) = AlertingFile.Expand(text, n => environment.GetValueOrDefault(n));
                var sensitive = key.Contains("url", StringComparison.OrdinalIgnoreCase) || key.Contains("password", StringComparison.OrdinalIgnoreCase) ||
                                key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.Contains("user", StringComparison.OrdinalIgnoreCase) ||
                                key.Contains("key", StringComparison.OrdinalIgnoreCase);
                if (sensitive)
                {
                    Assert.True(variables.Count == 1 && text == "${" + variables[0] + "}", $"{name}.{key} = '{text}': a URL or secret must be exactly one ${{VARIABLE}}");
                }

                Assert.All(variables, v => Assert.True(DocumentedVariables.Contains(v), $"{name}.{key} reads ${v}, which is not documented"));
                if (key == "url")
                {
                    Assert.Equal("http://alertmanager:9093", expanded);
                }
            }
        }

        Assert.Contains(settings, s => s.Settings.ContainsKey("url"));
    }

    [Fact]
    public void Rules_query_the_LzDQM_datasource_and_link_a_panel_that_shows_the_same_measurement()
    {
        var dashboards = DashboardFile.All().ToDictionary(d => d.Uid, StringComparer.Ordinal);
        var rules = AlertingFile.All().SelectMany(f => f.Rules).ToList();
        Assert.True(rules.Count >= 4, "rules for lifetime, live fraction, no data and the monitor itself");
        foreach (var (_, rule) in rules)
        {
            var title = (string?)rule["title"];
            var queries = AlertRuleQueries.Of(rule).ToList();
            Assert.True(queries.Count >= 1, $"{title}: no InfluxQL query");
            // Grafana does not expand environment variables in query models, so a $$ escape would reach InfluxDB as is.
            Assert.All(queries, q => Assert.DoesNotContain("$$", q.Query, StringComparison.Ordinal));
            var data = rule["data"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.Contains(data, d => (string?)d["refId"] == (string?)rule["condition"]);
            Assert.All(data, d => Assert.True((string?)d["datasourceUid"] is "lzdqm-influxql" or "__expr__", $"{title}: query {d["refId"]} uses datasource {d["datasourceUid"]}"));
            Assert.All(rule["labels"]!.AsObject(), l => Assert.DoesNotContain("$", l.Value!.ToString(), StringComparison.Ordinal));

            var annotations = rule["annotations"]!.AsObject();
            var dashboard = dashboards[(string)annotations["__dashboardUid__"]!];
            var panelId = int.Parse((string)annotations["__panelId__"]!, System.Globalization.CultureInfo.InvariantCulture);
            var panel = dashboard.Panels.Single(p => (int?)p["id"] == panelId);
            foreach (var q in queries)
            {
                var measurement = InfluxQlReferences.Parse(InfluxQlTemplate.Fill(q.Query, new Dictionary<string, VariableValue>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), TimeSpan.FromSeconds(10))).Measurement;
                Assert.True(dashboard.Queries.Where(pq => pq.Panel == panel).Any(pq => pq.Query.Contains($"\"{measurement}\"", StringComparison.Ordinal)),
                    $"{title}: linked panel '{panel["title"]}' of {dashboard.Name} does not show {measurement}");
            }
        }
    }

    [Fact]
    public void Expansion_follows_Grafana_provisioning_a_double_dollar_is_a_dollar_and_an_unset_variable_is_empty()
    {
        var (value, names) = AlertingFile.Expand("http://$HOST:${PORT}/x?a=$$b&c=$UNSET", n => n switch { "HOST" => "am", "PORT" => "9093", _ => null });
        Assert.Equal("http://am:9093/x?a=$b&c=", value);
        Assert.Equal(["HOST", "PORT", "UNSET"], names);
    }

    private static IEnumerable<string> Receivers(JsonObject policy) =>
        new[] { (string?)policy["receiver"] }.OfType<string>()
            .Concat((policy["routes"]?.AsArray() ?? []).OfType<JsonObject>().SelectMany(Receivers));
}

using System.Text.Json;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// A page's dashboard link opens the panel on the series the rule watches: where the dashboard has a
/// template variable named like one of the rule's tag filters (e.g. <c>population</c>), the link sets
/// it to the filter's value, which the variable offers (the overview's τ panels default to single
/// scatters; the lifetime rules watch Kr-83m).
/// </summary>
public sealed class RulePanelLinkTests
{
    private static string DashboardsFolder()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "dashboards", "shifter-overview.json")))
            {
                return Path.Combine(d.FullName, "dashboards");
            }
        }

        throw new DirectoryNotFoundException($"no dashboards/shifter-overview.json above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Every_default_rule_link_selects_the_series_its_tag_filter_names()
    {
        var dashboards = Directory.GetFiles(DashboardsFolder(), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Where(d => d.TryGetProperty("uid", out _))
            .ToDictionary(d => d.GetProperty("uid").GetString()!, StringComparer.Ordinal);
        var checkedTags = 0;
        foreach (var rule in DefaultAlarmRules.Create())
        {
            var panel = rule.Panel ?? throw new InvalidOperationException($"rule {rule.Name} has no panel");
            var uid = panel.TrimStart('/')["d/".Length..].Split('?')[0];
            Assert.True(dashboards.TryGetValue(uid, out var dashboard), $"rule {rule.Name}: no dashboard {uid}");
            var query = panel.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
            foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
            {
                var name = variable.GetProperty("name").GetString()!;
                if (!rule.Tags.TryGetValue(name, out var value))
                {
                    continue;
                }

                Assert.True(query.TryGetValue($"var-{name}", out var linked) && linked == value, $"rule {rule.Name}: link '{panel}' must set var-{name}={value}");
                if (variable.TryGetProperty("query", out var options) && options.ValueKind == JsonValueKind.String && variable.GetProperty("type").GetString() == "custom")
                {
                    Assert.Contains(value, options.GetString()!.Split(',').Select(o => o.Trim()));
                }

                checkedTags++;
            }
        }

        Assert.True(checkedTags >= 2, "the lifetime rules' population filter is checked");
    }
}

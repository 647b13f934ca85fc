using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// One Grafana alerting file-provisioning document (apiVersion 1: groups, contactPoints, policies), and
/// its payloads in the shape of the API model that alerting.jsonschema.json describes: a group becomes a
/// <c>RuleGroup</c> (title, folderUid, interval in seconds) whose rules carry orgID / folderUID / ruleGroup
/// from their group; a receiver becomes a <c>ContactPoint</c> named after its contact point; a policy
/// loses its orgId to become a <c>NotificationPolicy</c>.
/// </summary>
public sealed partial class AlertingFile
{
    /// <summary>Top-level keys Grafana's alerting file provisioning knows.</summary>
    public static readonly IReadOnlySet<string> KnownKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "apiVersion", "groups", "deleteRules", "contactPoints", "deleteContactPoints", "policies", "resetPolicies",
        "templates", "deleteTemplates", "muteTimes", "deleteMuteTimes",
    };

    private AlertingFile(string path, JsonObject json)
    {
        Path = path;
        Json = json;
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public JsonObject Json { get; }

    public IEnumerable<JsonObject> Groups => Items("groups");

    public IEnumerable<(JsonObject Group, JsonObject Rule)> Rules =>
        Groups.SelectMany(g => (g["rules"]?.AsArray() ?? []).OfType<JsonObject>().Select(r => (g, r)));

    public IEnumerable<JsonObject> ContactPoints => Items("contactPoints");

    public IEnumerable<JsonObject> Policies => Items("policies");

    public static AlertingFile Load(string path) =>
        new(path, YamlJson.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException($"{path} is not a YAML mapping"));

    public static IReadOnlyList<AlertingFile> All() =>
        RepositoryFiles.AlertingFiles.Count > 0
            ? [.. RepositoryFiles.AlertingFiles.Select(Load)]
            : throw new FileNotFoundException($"no alerting provisioning files in {RepositoryFiles.AlertingDirectory}");

    /// <summary>The group as the schema's RuleGroup.</summary>
    public static JsonObject ToRuleGroup(JsonObject group)
    {
        var rules = new JsonArray();
        foreach (var rule in (group["rules"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            var r = rule.DeepClone().AsObject();
            r["orgID"] = group["orgId"]?.DeepClone() ?? 1;
            r["folderUID"] = group["folder"]?.DeepClone();
            r["ruleGroup"] = group["name"]?.DeepClone();
            rules.Add(r);
        }

        var result = new JsonObject
        {
            ["title"] = group["name"]?.DeepClone(),
            ["folderUid"] = group["folder"]?.DeepClone(),
            ["rules"] = rules,
        };
        if (group["interval"] is { } interval)
        {
            result["interval"] = Seconds(interval.ToString());
        }

        return result;
    }

    /// <summary>Each receiver of a contact point as the schema's ContactPoint.</summary>
    public static IEnumerable<JsonObject> ToContactPoints(JsonObject contactPoint) =>
        (contactPoint["receivers"]?.AsArray() ?? []).OfType<JsonObject>().Select(r =>
        {
            var c = r.DeepClone().AsObject();
            c["name"] = contactPoint["name"]?.DeepClone();
            return c;
        });

    /// <summary>The policy tree as the schema's NotificationPolicy.</summary>
    public static JsonObject ToNotificationPolicy(JsonObject policy)
    {
        var p = policy.DeepClone().AsObject();
        p.Remove("orgId");
        return p;
    }

    /// <summary>
    /// Grafana's provisioning expansion of one value: <c>$$</c> is a literal <c>$</c>, <c>${NAME}</c> and
    /// <c>$NAME</c> are environment variables (empty when unset). Returns the names it read.
    /// </summary>
    public static (string Value, IReadOnlyList<string> Variables) Expand(string text, Func<string, string?> environment)
    {
        var names = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$')
            {
                sb.Append(text[i++]);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }

            var m = VariablePattern().Match(text, i);
            if (m.Success && m.Index == i)
            {
                var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                names.Add(name);
                sb.Append(environment(name) ?? "");
                i += m.Length;
                continue;
            }

            sb.Append(text[i++]);
        }

        return (sb.ToString(), names);
    }

    /// <summary>A Grafana duration ("30s", "1m", "1h") in seconds.</summary>
    public static long Seconds(string duration)
    {
        var m = DurationPattern().Match(duration);
        if (!m.Success)
        {
            throw new FormatException($"'{duration}' is not a duration like 30s, 1m, 2h");
        }

        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "s" => n,
            "m" => n * 60,
            "h" => n * 3600,
            "d" => n * 86400,
            _ => throw new FormatException(duration),
        };
    }

    public override string ToString() => Name;

    private IEnumerable<JsonObject> Items(string key) => (Json[key]?.AsArray() ?? []).OfType<JsonObject>();

    [GeneratedRegex(@"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^([0-9]+)([smhd])$")]
    private static partial Regex DurationPattern();
}

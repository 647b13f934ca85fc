using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// The Grafana JSON Schemas (draft-07, grafana-foundation-sdk): the dashboard model, the panel types'
/// <c>Options</c>/<c>FieldConfig</c>, and the alerting resources. A schema file without a root is
/// evaluated at one of its definitions (<c>#/definitions/Options</c>, …). Thread-safe.
/// </summary>
public static class GrafanaSchemas
{
    /// <summary>Panel types the dashboards may use, and the schema file of each.</summary>
    public static readonly IReadOnlyDictionary<string, string> PanelSchemaFiles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["stat"] = "stat.jsonschema.json",
        ["state-timeline"] = "statetimeline.jsonschema.json",
        ["table"] = "table.jsonschema.json",
        ["timeseries"] = "timeseries.jsonschema.json",
    };

    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new(StringComparer.Ordinal);

    /// <summary>Errors of <paramref name="instance"/> against the dashboard model; empty when valid.</summary>
    public static IReadOnlyList<string> ValidateDashboard(JsonNode instance) => Validate(Schema("dashboard.jsonschema.json", null), instance);

    /// <summary>
    /// Errors of <paramref name="instance"/> against <c>#/definitions/{definition}</c> of <paramref name="file"/>;
    /// throws when the file has no such definition.
    /// </summary>
    public static IReadOnlyList<string> ValidateDefinition(string file, string definition, JsonNode instance) =>
        Validate(Schema(file, definition), instance);

    /// <summary>Whether <paramref name="file"/> defines <paramref name="definition"/>.</summary>
    public static bool HasDefinition(string file, string definition) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.SchemaDirectory, file)))!["definitions"]?[definition] is not null;

    private static JsonSchema Schema(string file, string? definition) =>
        Built.GetOrAdd(file + "#" + definition, _ =>
        {
            var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.SchemaDirectory, file)))!.AsObject();
            if (definition is not null)
            {
                if (root["definitions"]?[definition] is null)
                {
                    throw new InvalidOperationException($"{file} has no definition '{definition}'");
                }

                root["$ref"] = "#/definitions/" + definition;
            }

            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            var id = new Uri($"https://lzdqm.invalid/schemas/{definition ?? "root"}/{file}");
            return JsonSchema.FromText(root.ToJsonString(), options, id);
        });

    private static List<string> Validate(JsonSchema schema, JsonNode instance)
    {
        using var doc = JsonDocument.Parse(instance.ToJsonString());
        var results = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }
}

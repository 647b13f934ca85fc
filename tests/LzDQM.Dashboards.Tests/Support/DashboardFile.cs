using System.Text.Json.Nodes;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>One Grafana dashboard JSON file: its panels (rows flattened), their queries and the template variables.</summary>
public sealed class DashboardFile
{
    private DashboardFile(string path, JsonObject json)
    {
        Path = path;
        Json = json;
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public JsonObject Json { get; }

    public string Uid => (string?)Json["uid"] ?? "";

    /// <summary>Every panel that is not a row, including the panels inside rows.</summary>
    public IEnumerable<JsonObject> Panels =>
        (Json["panels"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(p => (string?)p["type"] == "row" ? (p["panels"]?.AsArray() ?? []).OfType<JsonObject>() : [p]);

    /// <summary>Every InfluxQL query of a panel target: (panel, target, query text).</summary>
    public IEnumerable<PanelQuery> Queries =>
        Panels.SelectMany(p => (p["targets"]?.AsArray() ?? []).OfType<JsonObject>()
            .Select(t => new PanelQuery(this, p, t, (string?)t["query"] ?? "")));

    /// <summary>Template variables (templating.list).</summary>
    public IEnumerable<JsonObject> Variables => (Json["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>();

    public static DashboardFile Load(string path) =>
        new(path, JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException($"{path} is not a JSON object"));

    public static IReadOnlyList<DashboardFile> All() =>
        RepositoryFiles.Dashboards.Count > 0
            ? [.. RepositoryFiles.Dashboards.Select(Load)]
            : throw new FileNotFoundException($"no dashboards in {RepositoryFiles.DashboardsDirectory}");

    public override string ToString() => Name;
}

/// <summary>One query of one panel.</summary>
public sealed record PanelQuery(DashboardFile Dashboard, JsonObject Panel, JsonObject Target, string Query)
{
    public string Title => (string?)Panel["title"] ?? "";

    public int PanelId => (int?)Panel["id"] ?? -1;

    public string RefId => (string?)Target["refId"] ?? "";

    public override string ToString() => $"{Dashboard.Name} / {Title} / {RefId}";
}

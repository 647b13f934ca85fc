namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// The files under test, found from the test binary's directory: the repository root is the first
/// parent holding LzDQM.sln; the Grafana JSON Schemas are the copy this project ships (beside the
/// binary), or <c>$LZDQM_GRAFANA_SCHEMAS</c>.
/// </summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string DashboardsDirectory => Path.Combine(Root, "dashboards");

    public static string AlertingDirectory => Path.Combine(Root, "deploy", "grafana", "provisioning", "alerting");

    /// <summary>Every dashboard JSON file, by file name.</summary>
    public static IReadOnlyList<string> Dashboards { get; } =
        Directory.Exists(Path.Combine(FindRoot(), "dashboards"))
            ? [.. Directory.GetFiles(Path.Combine(FindRoot(), "dashboards"), "*.json").Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Every alerting provisioning file (YAML).</summary>
    public static IReadOnlyList<string> AlertingFiles =>
        [.. Directory.GetFiles(AlertingDirectory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>The directory of the Grafana JSON Schemas; fails with how to provide them.</summary>
    public static string SchemaDirectory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("LZDQM_GRAFANA_SCHEMAS");
            var candidates = new List<string>();
            if (!string.IsNullOrEmpty(overridden))
            {
                candidates.Add(overridden);
            }

            candidates.Add(Path.Combine(AppContext.BaseDirectory, "schemas", "grafana"));
            candidates.Add(Path.Combine(Root, "tests", "LzDQM.Dashboards.Tests", "schemas", "grafana"));
            foreach (var c in candidates)
            {
                if (File.Exists(Path.Combine(c, "dashboard.jsonschema.json")))
                {
                    return c;
                }
            }

            throw new FileNotFoundException(
                "Grafana JSON Schemas not found (looked for dashboard.jsonschema.json in " + string.Join(", ", candidates) +
                "): they ship in tests/LzDQM.Dashboards.Tests/schemas/grafana; or set LZDQM_GRAFANA_SCHEMAS to a directory holding them");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LzDQM.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no LzDQM.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository");
    }
}

using System.Text.RegularExpressions;
using LzDQM.Deploy.Tests.Support;

namespace LzDQM.Deploy.Tests;

/// <summary>Grafana's provisioning under deploy/grafana/provisioning, against what compose mounts and runs.</summary>
public sealed partial class ProvisioningTests
{
    private const string Provisioning = "deploy/grafana/provisioning";

    [Fact]
    public async Task The_datasource_is_the_agreed_InfluxQL_source_on_the_compose_influxdb()
    {
        var env = DefaultSite.Env;
        var services = await DefaultSite.ServicesAsync();
        var file = Yaml.Parse(Repository.Read(Provisioning + "/datasources/lzdqm.yaml"));

        Assert.Equal("1", file.Str("apiVersion"));
        var source = Assert.Single(file.List("datasources").Maps());
        Assert.Equal("LzDQM InfluxDB", source.Str("name"));
        Assert.Equal("lzdqm-influxql", source.Str("uid"));
        Assert.Equal("influxdb", source.Str("type"));
        var json = source.Map("jsonData");
        Assert.Equal("InfluxQL", json.Str("version"));
        Assert.Equal("lzdqm", json.Str("dbName"));
        Assert.Equal("lzdqm", source.Str("database"));

        // The URL is the influxdb service's container port, and the database is the one its init
        // script maps onto the bucket.
        var url = new Uri(source.Str("url")!);
        Assert.True(services.ContainsKey(url.Host), $"datasource points at {url.Host}, not a compose service");
        Assert.Contains(services[url.Host].Ports, p => p.Target == url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("lzdqm", services["influxdb"].Environment["LZDQM_INFLUX_DB"]);
        Assert.Equal("lzdqm", services["influxdb"].Environment["DOCKER_INFLUXDB_INIT_BUCKET"]);

        // Authorization: Token <the InfluxDB token>, expanded by Grafana from its environment.
        Assert.Equal("Authorization", json.Str("httpHeaderName1"));
        var header = source.Map("secureJsonData").Str("httpHeaderValue1")!;
        var match = TokenHeader().Match(header);
        Assert.True(match.Success, $"httpHeaderValue1 '{header}' is not 'Token ${{VARIABLE}}'");
        var variable = match.Groups["name"].Value;
        Assert.Equal(env["INFLUXDB_ADMIN_TOKEN"], services["grafana"].Environment[variable]);
    }

    [Fact]
    public void No_provisioning_or_compose_file_holds_a_secret_literal()
    {
        var files = Directory.EnumerateFiles(Repository.File("deploy"), "*", SearchOption.AllDirectories)
            .Append(Repository.File("docker-compose.yml")).Append(Repository.File(".env.example")).ToList();
        foreach (var path in files)
        {
            var text = File.ReadAllText(path);
            var suspect = TokenLike().Matches(text).Select(m => m.Value).FirstOrDefault(LooksGenerated);
            Assert.True(suspect is null, $"{path} holds '{suspect}', which looks like a generated token or password");
        }

        foreach (var path in files.Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal)))
        {
            foreach (var (key, value) in Yaml.Scalars(Yaml.Parse(File.ReadAllText(path))))
            {
                var secretKey = key.Contains("secureJsonData", StringComparison.Ordinal)
                    || SecretKey().IsMatch(key[(key.LastIndexOf('.') + 1)..]);
                if (secretKey && value.Length > 0)
                {
                    Assert.True(EnvReference().IsMatch(value), $"{path}: {key} = '{value}' is a literal, not taken from the environment");
                }
            }
        }
    }

    [Fact]
    public async Task The_dashboard_provider_loads_the_dashboards_folder_compose_mounts_read_only()
    {
        var services = await DefaultSite.ServicesAsync();
        var file = Yaml.Parse(Repository.Read(Provisioning + "/dashboards/lzdqm.yaml"));

        Assert.Equal("1", file.Str("apiVersion"));
        var provider = Assert.Single(file.List("providers").Maps());
        Assert.Equal("file", provider.Str("type"));
        Assert.Equal("LzDQM", provider.Str("folder"));
        var path = provider.Map("options").Str("path");
        Assert.Equal("/var/lib/grafana/dashboards", path);

        var grafana = services["grafana"];
        var dashboards = Assert.Single(grafana.Volumes, v => v.Target == path);
        Assert.Equal(Repository.File("dashboards"), dashboards.Source);
        Assert.True(dashboards.ReadOnly);
        var provisioning = Assert.Single(grafana.Volumes, v => v.Target == "/etc/grafana/provisioning");
        Assert.Equal(Repository.File(Provisioning), provisioning.Source);

        // The home dashboard shifters land on is one of the mounted dashboards.
        var home = grafana.Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];
        Assert.StartsWith(path + "/", home, StringComparison.Ordinal);
        var homeOnHost = Path.Combine(dashboards.Source, home[(path!.Length + 1)..]);
        var shipped = Directory.GetFiles(dashboards.Source, "*.json");
        Assert.True(shipped.Length == 0 || File.Exists(homeOnHost), $"Grafana's home dashboard {homeOnHost} is not among {string.Join(", ", shipped)}");
    }

    [Fact]
    public void Every_provisioning_file_is_grafana_yaml_and_alert_rules_query_a_provisioned_datasource()
    {
        var files = Directory.EnumerateFiles(Repository.File(Provisioning), "*.y*ml", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("datasources/lzdqm.yaml", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("dashboards/lzdqm.yaml", StringComparison.Ordinal));

        var uids = files.Where(f => f.Contains("/datasources/", StringComparison.Ordinal))
            .SelectMany(f => Yaml.Parse(File.ReadAllText(f)).List("datasources").Maps().Select(d => d.Str("uid")))
            .ToHashSet();
        foreach (var path in files)
        {
            var doc = Yaml.Parse(File.ReadAllText(path));
            Assert.True(doc.Str("apiVersion") == "1", $"{path}: apiVersion is not 1");

            // Alerting (the dashboards helper's files): each query names a datasource that exists.
            foreach (var (key, value) in Yaml.Scalars(doc).Where(s => s.Path.EndsWith(".datasourceUid", StringComparison.Ordinal)))
            {
                Assert.True(value == "__expr__" || uids.Contains(value), $"{path}: {key} = {value} is not a provisioned datasource ({string.Join(", ", uids)})");
            }
        }
    }

    [Fact]
    public async Task Both_pagers_reach_the_stacks_alertmanager_unless_the_site_names_its_own()
    {
        var services = await DefaultSite.ServicesAsync();
        var alertmanager = services["alertmanager"];
        Assert.True(alertmanager.HasHealthcheck);
        AssertPagersUse("http://alertmanager:9093", services);
        Assert.Contains(alertmanager.Ports, p => p.Target == "9093");

        // Its configuration routes to a receiver it defines (Alertmanager refuses to start otherwise).
        var configFile = alertmanager.Command.Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var mount = Assert.Single(alertmanager.Volumes, v => configFile.StartsWith(v.Target + "/", StringComparison.Ordinal));
        var config = Yaml.Parse(File.ReadAllText(Path.Combine(mount.Source, configFile[(mount.Target.Length + 1)..])));
        var receivers = config.List("receivers").Maps().Select(r => r.Str("name")).ToHashSet();
        Assert.Contains(config.Map("route").Str("receiver"), receivers);

        var own = await DockerCompose.ServicesAsync(SiteEnvFile.ExampleWithSecrets().With("LZDQM_ALERTMANAGER_URL", "https://am.example.org:9093"));
        AssertPagersUse("https://am.example.org:9093", own);
    }

    private static void AssertPagersUse(string url, IReadOnlyDictionary<string, ComposeService> services)
    {
        // Grafana's contact point (deploy/grafana/provisioning/alerting) and the nodes' alarm engine.
        Assert.Equal(url, services["grafana"].Environment["LZDQM_ALERTMANAGER_URL"]);
        Assert.Equal(url, services["lzdqm-node-1"].Environment["LZDQM__ALARMS__ALERTMANAGER__URL"]);
        Assert.Equal(url, services["lzdqm-node-2"].Environment["LZDQM__ALARMS__ALERTMANAGER__URL"]);
    }

    [GeneratedRegex(@"^Token \$\{?(?<name>[A-Z_][A-Z0-9_]*)\}?$")]
    private static partial Regex TokenHeader();

    // A value that is only a reference to the environment or a file: Grafana's $VAR, ${VAR},
    // $__env{VAR}, $__file{PATH}; compose's ${VAR:?message} (required) or ${VAR:-} (optional, empty
    // when unset). Never ${VAR:-default}: a default secret works for anyone who reads this file.
    [GeneratedRegex(@"^((Token|Bearer) )?(\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*|:?-)?\}|\$__(env|file)\{[^}]+\})$")]
    private static partial Regex EnvReference();

    [GeneratedRegex("(?i)(password|token|secret|apikey|api_key)$")]
    private static partial Regex SecretKey();

    [GeneratedRegex("[A-Za-z0-9+/_=-]{32,}")]
    private static partial Regex TokenLike();

    // openssl rand -hex output, or a base64 token such as InfluxDB's (mixed case and digits);
    // not an upper-case setting name like KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR.
    private static bool LooksGenerated(string word) =>
        word.All(Uri.IsHexDigit) || (word.Length >= 40 && word.Any(char.IsDigit) && word.Any(char.IsLower) && word.Any(char.IsUpper));
}

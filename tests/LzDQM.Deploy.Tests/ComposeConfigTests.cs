using System.Text.RegularExpressions;
using LzDQM.Deploy.Tests.Support;

namespace LzDQM.Deploy.Tests;

/// <summary>docker-compose.yml as Debian's docker-compose resolves it with a site's .env.</summary>
public sealed partial class ComposeConfigTests
{
    private static readonly string[] ExpectedServices = ["kafka", "kafka-init", "influxdb", "grafana", "alertmanager", "lzdqm-node-1", "lzdqm-node-2", "replay"];

    [Fact]
    public async Task Compose_accepts_the_file_with_the_example_settings_and_generated_secrets()
    {
        var (code, stdout, stderr) = await DockerCompose.ConfigAsync(SiteEnvFile.ExampleWithSecrets());

        Assert.True(code == 0, $"docker-compose config failed (exit {code}): {stderr}");
        var services = Yaml.Parse(stdout).Map("services");
        Assert.Equal(ExpectedServices.Order(), services.Keys.Select(k => k.ToString()!).Order());
    }

    [Fact]
    public async Task Compose_refuses_to_start_when_any_secret_is_missing_or_empty()
    {
        var complete = SiteEnvFile.ExampleWithSecrets();
        var secrets = complete.RequiredSecretNames.ToList();
        Assert.Equal(["GRAFANA_ADMIN_PASSWORD", "INFLUXDB_ADMIN_PASSWORD", "INFLUXDB_ADMIN_TOKEN"], secrets.Order());

        var cases = secrets.SelectMany(name => new[] { (name, What: "missing", Env: complete.Without(name)), (name, What: "empty", Env: complete.With(name, "")) });
        var runs = await Task.WhenAll(cases.Select(async c => (c.name, c.What, Result: await DockerCompose.ConfigAsync(c.Env))));
        foreach (var (name, what, (code, _, stderr)) in runs)
        {
            Assert.True(code != 0, $"docker-compose config accepted the file with {name} {what}");
            Assert.Contains($"set {name} in .env", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unedited_copy_of_the_example_env_is_refused()
    {
        var example = SiteEnvFile.Example();
        Assert.All(example.SecretNames, name => Assert.Equal("", example[name]));

        var (code, _, stderr) = await DockerCompose.ConfigAsync(example);

        Assert.NotEqual(0, code);
        Assert.Contains("in .env (openssl rand", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_published_port_binds_to_localhost_by_default()
    {
        var services = await DockerCompose.ServicesAsync(SiteEnvFile.ExampleWithSecrets().Without("LZDQM_BIND_ADDRESS"));

        var ports = services.Values.SelectMany(s => s.Ports.Select(p => (Service: s.Name, p.HostIp, p.Published, p.Target))).ToList();
        Assert.Equal(["alertmanager:9093", "grafana:3000", "influxdb:8086", "kafka:9094"], ports.Select(p => $"{p.Service}:{p.Published}").Order());
        Assert.All(ports, p => Assert.True(p.HostIp == "127.0.0.1", $"{p.Service} publishes {p.Published} on '{p.HostIp}', not 127.0.0.1"));
    }

    [Fact]
    public async Task The_bind_address_setting_moves_every_published_port()
    {
        var services = await DockerCompose.ServicesAsync(SiteEnvFile.ExampleWithSecrets().With("LZDQM_BIND_ADDRESS", "10.1.2.3"));

        var ports = services.Values.SelectMany(s => s.Ports).ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.Equal("10.1.2.3", p.HostIp));
    }

    [Fact]
    public async Task Every_image_is_pinned_to_a_version()
    {
        var services = await DefaultSite.ServicesAsync();

        foreach (var service in services.Values)
        {
            var image = service.Image;
            var slash = image.LastIndexOf('/');
            var colon = image.LastIndexOf(':');
            Assert.True(colon > slash, $"{service.Name}: image '{image}' has no tag");
            var tag = image[(colon + 1)..];
            Assert.NotEqual("latest", tag);
            if (!service.IsBuilt)
            {
                // Third-party images: a version number, not a moving name like 'stable'.
                Assert.Matches(@"^v?\d+\.\d+\.\d+", tag);
            }
        }
    }

    [Fact]
    public async Task Services_wait_only_for_what_can_report_ready()
    {
        var services = await DefaultSite.ServicesAsync();

        foreach (var service in services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                Assert.True(services.ContainsKey(dependency), $"{service.Name} depends on unknown service {dependency}");
                var target = services[dependency];
                switch (condition)
                {
                    case "service_healthy":
                        Assert.True(target.HasHealthcheck, $"{service.Name} waits for {dependency} to be healthy, but it has no healthcheck");
                        break;
                    case "service_completed_successfully":
                        Assert.True(target.Restart is null or "no", $"{service.Name} waits for {dependency} to complete, but it restarts ({target.Restart})");
                        break;
                }
            }
        }

        // The nodes start only once the topics exist and InfluxDB (with its DBRP mapping) is up.
        foreach (var node in new[] { "lzdqm-node-1", "lzdqm-node-2" })
        {
            Assert.Equal("service_completed_successfully", services[node].DependsOn["kafka-init"]);
            Assert.Equal("service_healthy", services[node].DependsOn["influxdb"]);
        }

        Assert.Equal("service_healthy", services["kafka-init"].DependsOn["kafka"]);
        Assert.Equal(["replay"], services["replay"].Profiles);
        Assert.All(services.Values.Where(s => s.Name != "replay"), s => Assert.Empty(s.Profiles));
    }

    [Fact]
    public async Task Every_host_path_compose_mounts_exists_and_configuration_is_mounted_read_only()
    {
        var services = await DefaultSite.ServicesAsync();

        var binds = services.Values.SelectMany(s => s.Volumes.Where(v => v.IsBind).Select(v => (Service: s.Name, v.Source, v.Target, v.ReadOnly))).ToList();
        Assert.NotEmpty(binds);
        foreach (var (service, source, target, readOnly) in binds)
        {
            Assert.True(Directory.Exists(source) || File.Exists(source), $"{service} mounts {source} at {target}, which does not exist");
            Assert.StartsWith(Repository.Root, source, StringComparison.Ordinal);
            Assert.True(readOnly, $"{service} mounts {source} writable; configuration and replay data are read-only");
        }
    }

    [Fact]
    public void Every_setting_compose_reads_is_in_the_example_env_and_every_example_setting_is_read()
    {
        var compose = Repository.Read("docker-compose.yml");
        var read = Variable().Matches(compose).Select(m => m.Groups[1].Value).ToHashSet();
        var documented = SiteEnvFile.Example().Entries.Select(e => e.Key).ToHashSet();

        Assert.Empty(read.Except(documented));
        // COMPOSE_PROJECT_NAME is read by compose itself.
        Assert.Empty(documented.Except(read).Except(["COMPOSE_PROJECT_NAME"]));
    }

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)")]
    private static partial Regex Variable();
}

using System.Text.RegularExpressions;
using LzDQM.Cli;
using LzDQM.Deploy.Tests.Support;

namespace LzDQM.Deploy.Tests;

/// <summary>The lzdqm services of docker-compose.yml against the real lzdqm program.</summary>
public sealed partial class LzdqmServiceTests
{
    [Fact]
    public async Task Every_lzdqm_service_command_parses_with_the_real_cli()
    {
        var services = await DefaultSite.ServicesAsync();
        var lzdqm = services.Values.Where(s => s.IsBuilt).ToList();
        Assert.Equal(["lzdqm-node-1", "lzdqm-node-2", "replay"], lzdqm.Select(s => s.Name).Order());

        foreach (var service in lzdqm)
        {
            Assert.Empty(service.Entrypoint); // the image's entrypoint is lzdqm itself
            var parse = LzdqmApp.BuildRoot().Parse(service.Command.ToArray());
            Assert.True(parse.Errors.Count == 0, $"{service.Name}: lzdqm {string.Join(' ', service.Command)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal(service.Name == "replay" ? "replay" : "node", parse.CommandResult.Command.Name);
        }
    }

    [Fact]
    public async Task Every_flag_a_service_uses_is_in_its_commands_help()
    {
        var services = await DefaultSite.ServicesAsync();

        foreach (var service in services.Values.Where(s => s.IsBuilt))
        {
            var (code, help, stderr) = await Lzdqm.RunAsync([service.Command[0], "--help"]);
            Assert.True(code == 0, $"lzdqm {service.Command[0]} --help failed: {stderr}");
            var documented = FlagPattern().Matches(help).Select(m => m.Value).ToHashSet();
            foreach (var flag in service.Command.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            {
                Assert.True(documented.Contains(flag), $"{service.Name} uses {flag}, which 'lzdqm {service.Command[0]} --help' does not list");
            }
        }
    }

    [Fact]
    public async Task Each_node_with_its_compose_command_and_environment_passes_every_check_before_connecting_to_kafka()
    {
        var env = DefaultSite.Env;
        var services = await DefaultSite.ServicesAsync();

        // Sequentially: both nodes probe the same remoting port 4053 before they try Kafka.
        foreach (var node in new[] { services["lzdqm-node-1"], services["lzdqm-node-2"] })
        {
            var (code, stdout, stderr) = await Lzdqm.RunAsync(node.Command, node.Environment);

            // Flags, token, destinations and every LZDQM__ setting compose passes were accepted
            // (exit 2 otherwise); what stops the node is only that 'kafka' exists inside compose alone.
            Assert.True(code == 1, $"{node.Name}: exit {code}, expected 1 (Kafka unreachable); stderr: {stderr}");
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(
                line.Contains("cannot reach Kafka at kafka:9092", StringComparison.Ordinal) || line.Contains("remoting port 4053", StringComparison.Ordinal),
                $"{node.Name}: {line}");
            Assert.DoesNotContain(env["INFLUXDB_ADMIN_TOKEN"]!, stdout + stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nodes_take_the_token_from_the_environment_and_announce_their_service_name()
    {
        var env = DefaultSite.Env;
        var services = await DefaultSite.ServicesAsync();
        var node = services["lzdqm-node-1"];

        Assert.Equal(env["INFLUXDB_ADMIN_TOKEN"], node.Environment["LZDQM__DESTINATIONS__INFLUXV2__TOKEN"]);
        Assert.DoesNotContain(node.Command, a => a.Contains(env["INFLUXDB_ADMIN_TOKEN"]!, StringComparison.Ordinal));
        Assert.DoesNotContain("--influx-token", node.Command);

        // Remoting binds 0.0.0.0 in the container; the other node reaches it by its service name.
        Assert.Equal("lzdqm-node-1", node.Environment["LZDQM__NODE__PUBLICHOSTNAME"]);
        Assert.Equal("lzdqm-node-2", services["lzdqm-node-2"].Environment["LZDQM__NODE__PUBLICHOSTNAME"]);
    }

    [Fact]
    public async Task Nodes_restart_on_failure_and_get_time_to_leave_the_cluster_on_stop()
    {
        var services = await DefaultSite.ServicesAsync();

        foreach (var node in new[] { services["lzdqm-node-1"], services["lzdqm-node-2"] })
        {
            Assert.Equal("unless-stopped", node.Restart);
            // lzdqm waits up to 10 s after SIGTERM (flush, commit, hand over, leave); Docker's
            // default of 10 s before SIGKILL would cut that short.
            var grace = node.Definition.Str("stop_grace_period") ?? "10s";
            Assert.True(ParseSeconds(grace) >= 20, $"{node.Name}: stop_grace_period {grace} is under 20 s");
        }
    }

    [Fact]
    public async Task The_replay_job_plays_a_file_from_its_mounted_folder()
    {
        var services = await DefaultSite.ServicesAsync();
        var replay = services["replay"];
        var data = Assert.Single(replay.Volumes, v => v.Target == "/data");
        var inContainer = replay.Command[1];
        Assert.StartsWith("/data/", inContainer, StringComparison.Ordinal);
        var onHost = Path.Combine(data.Source, inContainer["/data/".Length..]);
        Assert.True(File.Exists(onHost), $"the replay job plays {inContainer}, but {onHost} does not exist");

        // The same command on the host file: it gets as far as the broker.
        string[] args = [.. replay.Command.Select(a => a == inContainer ? onHost : a)];
        var (code, _, stderr) = await Lzdqm.RunAsync(args);
        Assert.True(code == 1, $"lzdqm {string.Join(' ', args)}: exit {code}, expected 1 (Kafka unreachable); {stderr}");
        Assert.Contains("kafka:9092 is unreachable", stderr, StringComparison.Ordinal);
    }

    private static double ParseSeconds(string duration)
    {
        var m = DurationPattern().Match(duration);
        Assert.True(m.Success, $"unreadable duration '{duration}'");
        var minutes = m.Groups["m"].Success ? double.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var seconds = m.Groups["s"].Success ? double.Parse(m.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (minutes * 60) + seconds;
    }

    [GeneratedRegex(@"^((?<m>\d+)m)?((?<s>\d+(\.\d+)?)s)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex FlagPattern();
}

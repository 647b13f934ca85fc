using System.Text.RegularExpressions;
using LzDQM.Contracts.Wire;
using LzDQM.Deploy.Tests.Support;

namespace LzDQM.Deploy.Tests;

/// <summary>The one-shot setup scripts compose runs: Kafka topics and the InfluxDB DBRP mapping.</summary>
public sealed partial class InitScriptTests
{
    [Fact]
    public async Task Kafka_init_creates_exactly_the_topics_of_the_wire_contract()
    {
        var services = await DefaultSite.ServicesAsync();
        var init = services["kafka-init"];
        var script = ScriptInContainer(init, init.Entrypoint[^1]);
        var text = await File.ReadAllTextAsync(script);

        var named = TopicName().Matches(text).Select(m => m.Value).ToHashSet();
        Assert.Equal(Topics.All.Order(), named.Order());
        await AssertBashSyntaxAsync(script);
        Assert.Equal("kafka:9092", init.Environment["LZDQM_KAFKA_BOOTSTRAP"]);
        Assert.Equal(services["kafka"].Image, init.Image); // its kafka-topics.sh matches the broker
    }

    [Fact]
    public async Task Kafka_init_gives_checkpoints_at_least_the_partitions_of_every_input_topic()
    {
        var text = await File.ReadAllTextAsync(Repository.File("deploy/kafka/create-topics.sh"));

        // Inputs get LZDQM_KAFKA_PARTITIONS; checkpoints the widest input (SPEC §7: partition p's
        // state lives in checkpoint partition p), compacted, with room for 16 MB checkpoints.
        Assert.Matches(@"for t in lz\.dqm\.runs lz\.dqm\.triggers lz\.dqm\.pulses; do\s+ensure ""\$t"" ""\$partitions""", text);
        Assert.Matches(@"ensure lz\.dqm\.checkpoints ""\$widest""", text);
        var maxBytes = long.Parse(MaxMessageBytes().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxBytes >= 16 << 20, $"checkpoints topic max.message.bytes {maxBytes} is below CheckpointStore's 16 MB");
        Assert.Contains("cleanup.policy=compact", text, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the file mode run-parts needs
    public async Task Influx_init_script_runs_in_the_image_and_maps_the_database_grafana_reads()
    {
        var services = await DefaultSite.ServicesAsync();
        var influx = services["influxdb"];
        var initdb = Assert.Single(influx.Volumes, v => v.Target == "/docker-entrypoint-initdb.d");
        var scripts = Directory.GetFiles(initdb.Source);
        var script = Assert.Single(scripts);

        // The image runs them with run-parts --regex '.*sh$': executable files ending in sh.
        Assert.EndsWith(".sh", script, StringComparison.Ordinal);
        Assert.True((File.GetUnixFileMode(script) & UnixFileMode.OtherExecute) != 0, $"{script} is not executable; run-parts would skip it");
        await AssertBashSyntaxAsync(script);

        var text = await File.ReadAllTextAsync(script);
        Assert.Matches(@"influx v1 dbrp create --org ""\$org"" --db ""\$db"" --rp autogen --bucket-id ""\$bucket_id"" --default", text);
        Assert.Contains("db=\"${LZDQM_INFLUX_DB:-lzdqm}\"", text, StringComparison.Ordinal);
        Assert.Contains("DOCKER_INFLUXDB_INIT_BUCKET_ID", text, StringComparison.Ordinal);
        Assert.Equal("setup", influx.Environment["DOCKER_INFLUXDB_INIT_MODE"]);
    }

    private static string ScriptInContainer(ComposeService service, string containerPath)
    {
        var mount = service.Volumes.Single(v => containerPath.StartsWith(v.Target + "/", StringComparison.Ordinal));
        var onHost = Path.Combine(mount.Source, containerPath[(mount.Target.Length + 1)..]);
        Assert.True(File.Exists(onHost), $"{service.Name} runs {containerPath}, but {onHost} does not exist");
        return onHost;
    }

    private static async Task AssertBashSyntaxAsync(string script)
    {
        var (code, _, stderr) = await ProcessRun.RunAsync("bash", ["-n", script], null, TimeSpan.FromSeconds(20));
        Assert.True(code == 0, $"bash -n {script}: {stderr}");
    }

    [GeneratedRegex(@"lz\.dqm\.[a-z]+")]
    private static partial Regex TopicName();

    [GeneratedRegex(@"max\.message\.bytes=(\d+)")]
    private static partial Regex MaxMessageBytes();
}

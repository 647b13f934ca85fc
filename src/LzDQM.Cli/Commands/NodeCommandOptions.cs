using System.CommandLine;
using System.Globalization;
using LzDQM.Alarms.Rules;
using LzDQM.Cluster;
using LzDQM.Node;
using LzDQM.Stages.Intake;

namespace LzDQM.Cli.Commands;

/// <summary>The flags of <c>lzdqm node</c> and how each maps onto a configuration key.</summary>
internal sealed class NodeCommandOptions
{
    private const string V2 = DqmNodeSettings.DestinationsSection + ":InfluxV2:";
    private const string V1 = DqmNodeSettings.DestinationsSection + ":InfluxV1:";

    public Option<string> Bootstrap { get; } = new("--bootstrap") { Description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...] (LzDQM:Intake:BootstrapServers)." };

    public Option<string> Group { get; } = new("--group") { Description = "Consumer group shared by the cluster's nodes (default lzdqm)." };

    public Option<string[]> SeedNodes { get; } = new("--seed-nodes") { Description = "Seed nodes, akka.tcp://lzdqm@HOST:PORT (none: this node starts the cluster).", AllowMultipleArgumentsPerToken = true };

    public Option<int?> Port { get; } = new("--port") { Description = "Remoting port (default 4053; 0 picks a free one)." };

    public Option<string> Hostname { get; } = new("--hostname") { Description = "Address remoting binds to and announces (default 127.0.0.1)." };

    public Option<string> InfluxUrl { get; } = new("--influx-url") { Description = "InfluxDB v2 API base URL (InfluxDB 2.x/3.x, 1.8+, VictoriaMetrics)." };

    public Option<string> InfluxTokenFile { get; } = new("--influx-token-file") { Description = "File holding the InfluxDB v2 token (or set LZDQM__DESTINATIONS__INFLUXV2__TOKEN); never logged." };

    public Option<string> InfluxOrg { get; } = new("--influx-org") { Description = "InfluxDB v2 organisation." };

    public Option<string> InfluxBucket { get; } = new("--influx-bucket") { Description = "InfluxDB v2 bucket." };

    public Option<string> InfluxV1Url { get; } = new("--influx-v1-url") { Description = "InfluxDB 1.x base URL (/write API)." };

    public Option<string> InfluxDb { get; } = new("--influx-db") { Description = "InfluxDB 1.x database (must exist)." };

    public Option<string> LpOut { get; } = new("--lp-out") { Description = "Also append every point to this line-protocol file." };

    public Option<string> CheckpointInterval { get; } = new("--checkpoint-interval") { Description = "How often open windows are checkpointed, e.g. 5s (default 5s)." };

    public Option<string> NodeMetricsInterval { get; } = new("--node-metrics-interval") { Description = "How often dqm_node is written, e.g. 10s (default 10s)." };

    public Option<string> SessionTimeout { get; } = new("--session-timeout") { Description = "Kafka session timeout: how long before a dead node's partitions move, e.g. 10s (default 10s)." };

    public Option<string> FlushInterval { get; } = new("--flush-interval") { Description = "Longest a point waits for its write batch to fill, e.g. 1s (default 1s)." };

    public Option<string> NodeName { get; } = new("--node-name") { Description = "Name in dqm_node and the ownership view (default HOST:PORT)." };

    public Option<string> AlertmanagerUrl { get; } = new("--alertmanager-url") { Description = "Alertmanager base URL; alarms page through its v2 API (LzDQM:Alarms:Alertmanager:Url)." };

    public Option<string> AlarmWebhookUrl { get; } = new("--alarm-webhook-url") { Description = "URL every page, escalation and resolve is POSTed to as JSON (LzDQM:Alarms:Webhook:Url)." };

    public Option<string> DashboardUrl { get; } = new("--dashboard-url") { Description = "Grafana base URL that pages link to (LzDQM:Alarms:DashboardUrl)." };

    public Option<string> LogFormat { get; } = new("--log-format") { Description = "Log format on stderr: simple or json.", DefaultValueFactory = _ => "simple" };

    public IEnumerable<Option> All =>
        [Bootstrap, Group, SeedNodes, Port, Hostname, InfluxUrl, InfluxTokenFile, InfluxOrg, InfluxBucket, InfluxV1Url, InfluxDb, LpOut,
         CheckpointInterval, NodeMetricsInterval, SessionTimeout, FlushInterval, NodeName, AlertmanagerUrl, AlarmWebhookUrl, DashboardUrl, LogFormat];

    /// <summary>The flags given, as configuration keys (the top layer over appsettings and environment).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration(ParseResult parse)
    {
        var format = parse.GetValue(LogFormat);
        if (format is not ("simple" or "json"))
        {
            throw new OperatorException($"--log-format must be simple or json (was '{format}')", ExitCodes.BadArguments);
        }

        var map = new List<KeyValuePair<string, string?>>();
        void Put(string key, string? value)
        {
            if (value is not null)
            {
                map.Add(new(key, value));
            }
        }

        Put(IntakeOptions.Section + ":BootstrapServers", parse.GetValue(Bootstrap));
        Put(IntakeOptions.Section + ":GroupId", parse.GetValue(Group));
        Put(IntakeOptions.Section + ":SessionTimeout", Duration(parse, SessionTimeout));
        Put(NodeOptions.Section + ":Port", parse.GetValue(Port)?.ToString(CultureInfo.InvariantCulture));
        Put(NodeOptions.Section + ":Hostname", parse.GetValue(Hostname));
        var seeds = parse.GetValue(SeedNodes) ?? [];
        for (var i = 0; i < seeds.Length; i++)
        {
            Put($"{NodeOptions.Section}:SeedNodes:{i}", seeds[i]);
        }

        Put(V2 + "Url", parse.GetValue(InfluxUrl));
        Put(V2 + "TokenFile", parse.GetValue(InfluxTokenFile));
        Put(V2 + "Org", parse.GetValue(InfluxOrg));
        Put(V2 + "Bucket", parse.GetValue(InfluxBucket));
        Put(V1 + "Url", parse.GetValue(InfluxV1Url));
        Put(V1 + "Database", parse.GetValue(InfluxDb));
        Put(DqmNodeSettings.DestinationsSection + ":LineProtocolFile:Path", parse.GetValue(LpOut));
        Put(DqmNodeSettings.DestinationsSection + ":Delivery:FlushInterval", Duration(parse, FlushInterval));
        Put(DqmNodeSettings.PipelineSection + ":CheckpointInterval", Duration(parse, CheckpointInterval));
        Put(DqmNodeSettings.PipelineSection + ":NodeMetricsInterval", Duration(parse, NodeMetricsInterval));
        Put(DqmNodeSettings.PipelineSection + ":NodeName", parse.GetValue(NodeName));
        Put(AlarmOptions.SectionName + ":Alertmanager:Url", parse.GetValue(AlertmanagerUrl));
        Put(AlarmOptions.SectionName + ":Webhook:Url", parse.GetValue(AlarmWebhookUrl));
        Put(AlarmOptions.SectionName + ":DashboardUrl", parse.GetValue(DashboardUrl));
        return map;
    }

    /// <summary>Parses 500ms, 5s, 2m, 1h or a TimeSpan (00:00:05) into the invariant TimeSpan form the binder reads.</summary>
    private static string? Duration(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        if (text is null)
        {
            return null;
        }

        if (TryDuration(text.Trim(), out var value) && value > TimeSpan.Zero)
        {
            return value.ToString("c", CultureInfo.InvariantCulture);
        }

        throw new OperatorException($"{option.Name}: '{text}' is not a positive duration (e.g. 500ms, 5s, 2m)", ExitCodes.BadArguments);
    }

    private static bool TryDuration(string text, out TimeSpan value)
    {
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                value = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}

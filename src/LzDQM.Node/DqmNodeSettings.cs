using LzDQM.Alarms.Rules;
using LzDQM.Cluster;
using LzDQM.Kernel;
using LzDQM.Node.Alarms;
using LzDQM.Sinks;
using LzDQM.Stages.Intake;
using Microsoft.Extensions.Configuration;

namespace LzDQM.Node;

/// <summary>
/// Everything one DQM node needs, as plain option classes: bound from <c>LzDQM:Node</c>,
/// <c>LzDQM:Intake</c>, <c>LzDQM:Destinations</c>, <c>LzDQM:Pipeline</c>, <c>LzDQM:Alarms</c> and
/// <c>LzDQM:AlarmEngine</c> of any configuration
/// (appsettings.json &lt; <c>LZDQM__...</c> environment &lt; flags, as <c>lzdqm node</c> layers them),
/// or built in code (the demo's in-process cluster).
/// </summary>
public sealed class DqmNodeSettings
{
    /// <summary>Section of the pipeline's own settings (intervals).</summary>
    public const string PipelineSection = "LzDQM:Pipeline";

    /// <summary>Section of the metric destinations.</summary>
    public const string DestinationsSection = "LzDQM:Destinations";

    /// <summary>Remoting, cluster, seed nodes.</summary>
    public NodeOptions Node { get; set; } = new();

    /// <summary>Kafka consumption.</summary>
    public IntakeOptions Intake { get; set; } = new();

    /// <summary>Where metric points go (InfluxDB v2 / v1, line-protocol file).</summary>
    public MetricDestinations Destinations { get; set; } = new();

    /// <summary>Windows and cuts of the kernel (code only; the defaults are SPEC §3).</summary>
    public KernelOptions Kernel { get; set; } = new();

    /// <summary>Alarm rules (the default rules unless configured) and notifiers (SPEC §4).</summary>
    public AlarmOptions Alarms { get; set; } = new() { Rules = [.. DefaultAlarmRules.Create()] };

    /// <summary>How the alarm-engine singleton replicates its state.</summary>
    public AlarmEngineOptions AlarmEngine { get; set; } = new();

    /// <summary>How often each partition checkpoints its open windows (SPEC §7).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the node writes its <c>dqm_node</c> self-metrics point.</summary>
    public TimeSpan NodeMetricsInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the node re-announces its partitions to the cluster even without change.</summary>
    public TimeSpan OwnershipInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Name of this node in <c>dqm_node</c> and the ownership view; null: <c>host:port</c> of its cluster address.</summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// Binds the settings from <paramref name="configuration"/>; absent sections keep their defaults.
    /// Throws <see cref="AlarmConfigException"/> (one line) on a bad alarm rule.
    /// </summary>
    public static DqmNodeSettings Bind(IConfiguration configuration)
    {
        var settings = new DqmNodeSettings();
        configuration.GetSection(NodeOptions.Section).Bind(settings.Node);
        configuration.GetSection(IntakeOptions.Section).Bind(settings.Intake);
        configuration.GetSection(DestinationsSection).Bind(settings.Destinations);
        configuration.GetSection(AlarmEngineOptions.Section).Bind(settings.AlarmEngine);
        settings.Alarms = AlarmOptions.Bind(configuration);
        var pipeline = configuration.GetSection(PipelineSection);
        settings.CheckpointInterval = pipeline.GetValue(nameof(CheckpointInterval), settings.CheckpointInterval);
        settings.NodeMetricsInterval = pipeline.GetValue(nameof(NodeMetricsInterval), settings.NodeMetricsInterval);
        settings.OwnershipInterval = pipeline.GetValue(nameof(OwnershipInterval), settings.OwnershipInterval);
        settings.NodeName = pipeline.GetValue<string?>(nameof(NodeName)) ?? settings.NodeName;
        return settings;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason when the settings cannot run.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Intake.BootstrapServers))
        {
            throw new ArgumentException("no Kafka bootstrap servers (--bootstrap or LzDQM:Intake:BootstrapServers)");
        }

        if (Node.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"remoting port {Node.Port} is not a port (0..65535)");
        }

        if (CheckpointInterval <= TimeSpan.Zero || NodeMetricsInterval <= TimeSpan.Zero || OwnershipInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("checkpoint, node-metrics and ownership intervals must be positive");
        }

        if (Node.DownUnreachableAfter is { } down && down <= TimeSpan.Zero)
        {
            throw new ArgumentException("LzDQM:Node:DownUnreachableAfter must be positive");
        }

        Destinations.Validate();
        Kernel.Validate();
        AlarmEngine.Validate();
        try
        {
            Alarms.Validate();
        }
        catch (AlarmConfigException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"DqmNodeSettings {{ Node = {Node.SelfAddress} seeds [{string.Join(", ", Node.SeedNodes)}], Bootstrap = {Intake.BootstrapServers}, Group = {Intake.GroupId}, "
        + $"SessionTimeout = {Intake.SessionTimeout}, CheckpointInterval = {CheckpointInterval}, NodeMetricsInterval = {NodeMetricsInterval}, Destinations = {Destinations}, "
        + $"Alarms = {Alarms.Rules.Count} rules, Alertmanager = {(string.IsNullOrWhiteSpace(Alarms.Alertmanager.Url) ? "-" : "set")}, Webhook = {(string.IsNullOrWhiteSpace(Alarms.Webhook.Url) ? "-" : "set")} }}";
}

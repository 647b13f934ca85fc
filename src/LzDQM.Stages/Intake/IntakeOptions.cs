namespace LzDQM.Stages.Intake;

/// <summary>How a node consumes the input topics. Bound from <c>LzDQM:Intake</c> in appsettings.</summary>
public sealed class IntakeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "LzDQM:Intake";

    /// <summary>Kafka bootstrap servers.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Consumer group shared by every node of the cluster.</summary>
    public string GroupId { get; set; } = "lzdqm";

    /// <summary>Messages a partition's inbox holds before its topic-partitions are paused.</summary>
    public int InboxCapacity { get; set; } = 64;

    /// <summary>How long one poll waits for a message.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consumer session timeout: how long before a dead node's partitions move.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

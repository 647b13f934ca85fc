namespace LzDQM.Cluster;

/// <summary>
/// Where a node listens and which cluster it joins. Bound from the <c>LzDQM:Node</c> section of
/// <c>appsettings.json</c>, <c>LZDQM__NODE__...</c> environment variables and command-line flags.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "LzDQM:Node";

    /// <summary>Actor-system name; every node of one cluster uses the same.</summary>
    public string ClusterName { get; set; } = "lzdqm";

    /// <summary>Address the remoting transport binds to.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Address other nodes use to reach this one; defaults to <see cref="Hostname"/>.</summary>
    public string? PublicHostname { get; set; }

    /// <summary>Remoting port; 0 picks a free one (fine for a node that is not a seed).</summary>
    public int Port { get; set; } = 4053;

    /// <summary>Seed node addresses (<c>akka.tcp://lzdqm@host:port</c>); empty = this node is the first seed.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>Cluster roles of this node.</summary>
    public List<string> Roles { get; set; } = [NodeRoles.Dqm];

    /// <summary>
    /// How long the split-brain resolver waits, once the membership is stable with nodes unreachable,
    /// before it downs them (Akka's <c>stable-after</c>); null = Akka's default (20 s). Shorter moves a
    /// dead node's singleton (the alarm engine) sooner; too short downs nodes in a long GC pause.
    /// </summary>
    public TimeSpan? DownUnreachableAfter { get; set; }

    /// <summary>The address of this node as a seed-node string.</summary>
    public string SelfAddress => $"akka.tcp://{ClusterName}@{PublicHostname ?? Hostname}:{Port}";
}

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

    /// <summary>The address of this node as a seed-node string.</summary>
    public string SelfAddress => $"akka.tcp://{ClusterName}@{PublicHostname ?? Hostname}:{Port}";
}

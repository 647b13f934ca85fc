namespace LzDQM.Cluster;

/// <summary>Cluster roles.</summary>
public static class NodeRoles
{
    /// <summary>A node that consumes Kafka partitions and computes metrics.</summary>
    public const string Dqm = "dqm";
}

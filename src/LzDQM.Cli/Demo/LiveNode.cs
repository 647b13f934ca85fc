namespace LzDQM.Cli.Demo;

/// <summary>One node's share of the work.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Partitions">Partitions it owns (its own view).</param>
/// <param name="Lag">Unread messages on them.</param>
/// <param name="EventsPerSecond">Events it consumed per second, lately.</param>
/// <param name="Events">Events consumed since start.</param>
internal sealed record LiveNode(string Name, IReadOnlyList<int> Partitions, long Lag, double EventsPerSecond, long Events);

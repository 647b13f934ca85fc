namespace LzDQM.Cli.Demo;

/// <summary>What <c>lzdqm demo</c> runs. Immutable.</summary>
/// <param name="Scenario">Built-in scenario name or scenario file.</param>
/// <param name="Duration">Simulated run time; null: the scenario's own.</param>
/// <param name="OutDir">Where the replay, points, report and log go.</param>
/// <param name="Speed">Replay speed (event time per wall time); infinity: as fast as the cluster takes it.</param>
/// <param name="Seed">Simulation seed.</param>
internal sealed record DemoOptions(string Scenario, TimeSpan? Duration, string OutDir, double Speed, ulong Seed)
{
    /// <summary>Partitions per topic: one per node, so each node owns one.</summary>
    public const int Partitions = 2;

    /// <summary>Nodes in the in-process cluster.</summary>
    public const int Nodes = 2;
}

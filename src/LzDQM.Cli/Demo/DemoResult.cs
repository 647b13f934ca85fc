using LzDQM.Kafka;

namespace LzDQM.Cli.Demo;

/// <summary>What a demo produced. Immutable.</summary>
/// <param name="Replay">The simulated replay file.</param>
/// <param name="Truth">Its truth file.</param>
/// <param name="Points">Every node's points merged (last write per series and time), sorted.</param>
/// <param name="Report">The HTML report, or null when there was nothing to report.</param>
/// <param name="Log">The nodes' log.</param>
/// <param name="PointCount">Points in <paramref name="Points"/>.</param>
/// <param name="PointsByNode">Lines each node wrote.</param>
/// <param name="Published">What the replay published, when it finished.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Interrupted">True when Ctrl-C stopped it early.</param>
internal sealed record DemoResult(
    string Replay,
    string Truth,
    string Points,
    string? Report,
    string Log,
    int PointCount,
    IReadOnlyDictionary<string, long> PointsByNode,
    ReplaySummary? Published,
    TimeSpan Elapsed,
    bool Interrupted);

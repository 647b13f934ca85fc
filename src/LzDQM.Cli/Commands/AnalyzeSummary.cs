namespace LzDQM.Cli.Commands;

/// <summary>What <c>lzdqm analyze</c> did.</summary>
/// <param name="Records">Replay records read.</param>
/// <param name="BadRecords">Records that did not decode or broke the contract (skipped).</param>
/// <param name="Chunks">Trigger and pulse chunks folded in.</param>
/// <param name="Points">Points written.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="FirstBadRecord">The first bad record's reason, if any.</param>
/// <param name="PointsByMeasurement">Points per measurement.</param>
public sealed record AnalyzeSummary(long Records, long BadRecords, long Chunks, int Points, TimeSpan Elapsed, string? FirstBadRecord, IReadOnlyDictionary<string, int> PointsByMeasurement);

using LzDQM.Contracts.Metrics;

namespace LzDQM.Kernel;

/// <summary>
/// An immutable picture of a kernel's open windows at a chunk boundary: the provisional points
/// each open window would give if it closed now, with the version and per-run watermarks.
/// Safe to read from any thread.
/// </summary>
/// <param name="Version">Increases by one per published snapshot.</param>
/// <param name="ChunksSeen">Chunks folded in when the snapshot was taken.</param>
/// <param name="Watermarks">Event-time watermark per open run.</param>
/// <param name="Points">Provisional points of the open windows.</param>
public sealed record KernelSnapshot(long Version, long ChunksSeen, IReadOnlyDictionary<uint, long> Watermarks, IReadOnlyList<MetricPoint> Points);

using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Node.Tests.Support;

/// <summary>
/// One short simulated replay per test class (kr83m-calibration, 3 min, fixed seed) and the points the
/// in-process reference kernel computes from it (as <c>lzdqm analyze</c> does), upserted by
/// (series, timestamp) as InfluxDB stores them.
/// </summary>
public sealed class ReferenceReplay
{
    public ReferenceReplay()
    {
        Records = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), seed: 11, TimeSpan.FromMinutes(3)).Records().ToList();
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        foreach (var r in Records)
        {
            kernel.OnRecord(r);
        }

        var byKey = new SortedDictionary<string, MetricPoint>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            byKey[PointKey.Of(p)] = p;
        }

        Expected = byKey;
        Run = uint.Parse(System.Text.Encoding.ASCII.GetString(Records.First(r => r.Topic == ReplayTopic.Triggers).Key), System.Globalization.CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<ReplayRecord> Records { get; }

    /// <summary>Reference points by <see cref="PointKey"/>; the last write of a key wins.</summary>
    public IReadOnlyDictionary<string, MetricPoint> Expected { get; }

    /// <summary>The simulated run number.</summary>
    public uint Run { get; }
}

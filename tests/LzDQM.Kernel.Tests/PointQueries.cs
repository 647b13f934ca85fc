using LzDQM.Contracts.Metrics;

namespace LzDQM.Kernel.Tests;

internal static class PointQueries
{
    public static List<MetricPoint> Of(this IEnumerable<MetricPoint> points, string measurement, string? tag = null, string? value = null) =>
        points.Where(p => p.Measurement == measurement && (tag is null || p.Tag(tag) == value)).OrderBy(p => p.TimestampNs).ToList();
}

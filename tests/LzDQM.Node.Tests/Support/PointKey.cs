using LzDQM.Contracts.Metrics;

namespace LzDQM.Node.Tests.Support;

/// <summary>The identity InfluxDB upserts on: measurement, tags (sorted), timestamp.</summary>
public static class PointKey
{
    public static string Of(MetricPoint p) => Of(p.Measurement, p.Tags, p.TimestampNs);

    public static string Of(string measurement, IEnumerable<KeyValuePair<string, string>> tags, long timestampNs) =>
        measurement + string.Concat(tags.Where(t => t.Value.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $",{t.Key}={t.Value}")) + " @" + timestampNs;

    /// <summary>The key of a line-protocol line (tags are already sorted by the formatter).</summary>
    public static string OfLine(string line) =>
        line[..line.IndexOf(' ', StringComparison.Ordinal)] + " @" + line[(line.LastIndexOf(' ') + 1)..];
}

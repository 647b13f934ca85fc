using System.Text;

namespace LzDQM.Contracts.Metrics;

/// <summary>
/// InfluxDB's upsert semantics on a list of points: one point per series (measurement and tags)
/// and timestamp, the last one written winning. Written twice, a window is still one point
/// (SPEC §3). Pure, thread-safe.
/// </summary>
public static class MetricPointUpsert
{
    /// <summary>The last write of every (series, timestamp), in first-seen order of those keys.</summary>
    public static List<MetricPoint> LastWrites(IEnumerable<MetricPoint> points)
    {
        var index = new Dictionary<(string Series, long Time), int>();
        var result = new List<MetricPoint>();
        var key = new StringBuilder();
        foreach (var p in points)
        {
            var k = (SeriesKey(p, key), p.TimestampNs);
            if (index.TryGetValue(k, out var at))
            {
                result[at] = p;
            }
            else
            {
                index[k] = result.Count;
                result.Add(p);
            }
        }

        return result;
    }

    /// <summary>The series of a point: measurement and sorted tags, as line protocol writes them.</summary>
    public static string SeriesKey(MetricPoint point) => SeriesKey(point, new StringBuilder());

    private static string SeriesKey(MetricPoint p, StringBuilder key)
    {
        key.Clear().Append(p.Measurement);
        foreach (var t in p.Tags)
        {
            key.Append(',').Append(t.Key).Append('=').Append(t.Value);
        }

        return key.ToString();
    }
}

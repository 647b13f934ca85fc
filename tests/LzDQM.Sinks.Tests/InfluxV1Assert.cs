using System.Text.Json;
using LzDQM.Contracts.Metrics;
using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

/// <summary>Checks by InfluxQL that a database holds exactly a set of points.</summary>
internal static class InfluxV1Assert
{
    /// <summary>
    /// Asserts that the measurements of <paramref name="expected"/> hold exactly those points:
    /// same series (tags), timestamps to the ns, field values bit for bit, nothing else.
    /// </summary>
    public static async Task HoldsExactlyAsync(InfluxDb1Server server, string database, IReadOnlyCollection<MetricPoint> expected)
    {
        foreach (var measurement in expected.Select(p => p.Measurement).Distinct())
        {
            var want = expected.Where(p => p.Measurement == measurement).ToList();
            var series = await server.QueryAsync(database, $"SELECT * FROM \"{measurement}\" GROUP BY *");
            var wantSeries = want.GroupBy(SeriesKey).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(wantSeries.Keys.Order(), series.Select(s => SeriesKey(s.Tags)).Order());
            foreach (var s in series)
            {
                var points = wantSeries[SeriesKey(s.Tags)].OrderBy(p => p.TimestampNs).ToList();
                Assert.Equal(points.Select(p => p.TimestampNs), s.Rows.Select(r => r[0].GetInt64()));
                for (var row = 0; row < points.Count; row++)
                {
                    foreach (var column in s.Columns.Skip(1))
                    {
                        var field = points[row].Fields.Cast<MetricField?>().FirstOrDefault(f => f!.Value.Name == column);
                        var actual = s.Value(row, column);
                        if (field is not { } f)
                        {
                            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
                            continue;
                        }

                        switch (f.Kind)
                        {
                            case MetricFieldKind.Double:
                                Assert.Equal(f.DoubleValue, actual.GetDouble());
                                break;
                            case MetricFieldKind.Integer:
                                Assert.Equal(f.IntegerValue, actual.GetInt64());
                                break;
                            default:
                                Assert.Equal(f.StringValue, actual.GetString());
                                break;
                        }
                    }
                }
            }
        }
    }

    private static string SeriesKey(MetricPoint p) => string.Join(",", p.Tags.Select(t => $"{t.Key}={t.Value}"));

    private static string SeriesKey(IReadOnlyDictionary<string, string> tags) =>
        string.Join(",", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
}

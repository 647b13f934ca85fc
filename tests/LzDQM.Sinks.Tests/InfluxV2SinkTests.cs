using LzDQM.Contracts.Metrics;
using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

/// <summary>The v2 sink (InfluxDB.Client WriteApiAsync) against a real VictoriaMetrics started for these tests.</summary>
public sealed class InfluxV2SinkTests(VictoriaMetricsFixture fixture) : IClassFixture<VictoriaMetricsFixture>
{
    private readonly VictoriaMetricsServer _server = fixture.Server;

    [Fact]
    public async Task Written_points_are_exported_as_measurement_field_series_with_values_and_ms_timestamps()
    {
        var points = TestPoints.TriggerRates(run: 6100, firstWindow: 0, count: 10, "all", "s2");
        await using var sink = new InfluxV2Sink(new InfluxV2Options { Url = _server.Url, Token = "not-checked-by-vm", Org = "lz", Bucket = "dqm" });
        await sink.WriteAsync(points, CancellationToken.None);

        var exported = await _server.ExportAsync("{run=\"6100\"}");
        AssertExported(points, exported);
    }

    [Fact]
    public async Task Writing_the_same_windows_twice_keeps_one_sample_per_window()
    {
        var points = TestPoints.TriggerRates(run: 6101, firstWindow: 0, count: 6, "all");
        await using var sink = new InfluxV2Sink(new InfluxV2Options { Url = _server.Url, Org = "lz", Bucket = "dqm" });
        await sink.WriteAsync(points, CancellationToken.None);
        await sink.WriteAsync(points, CancellationToken.None);

        AssertExported(points, await _server.ExportAsync("{run=\"6101\"}"));
    }

    /// <summary>
    /// VictoriaMetrics names a line-protocol field's series measurement_field, keeps ms, and stores
    /// values with about 12 significant decimal digits (its compression), so values match to 1e-11
    /// relative here; influxd keeps them bit for bit (see InfluxV1Assert).
    /// </summary>
    internal static void AssertExported(IReadOnlyList<MetricPoint> points, IReadOnlyList<VictoriaMetricsSeries> exported)
    {
        var expected = points
            .SelectMany(p => p.Fields.Select(f => (
                Key: $"{p.Measurement}_{f.Name}|{string.Join(",", p.Tags.Select(t => $"{t.Key}={t.Value}"))}",
                Ms: p.TimestampNs / 1_000_000,
                Value: f.Kind == MetricFieldKind.Integer ? f.IntegerValue : f.DoubleValue)))
            .GroupBy(x => x.Key)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Ms).ToList());

        var actual = exported.ToDictionary(
            s => $"{s.Name}|{string.Join(",", s.Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}",
            s => s);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, samples) in expected)
        {
            var series = actual[key];
            Assert.Equal(samples.Select(s => s.Ms), series.TimestampsMs);
            Assert.Equal(samples.Count, series.Values.Count);
            for (var i = 0; i < samples.Count; i++)
            {
                var want = samples[i].Value;
                Assert.True(Math.Abs(series.Values[i] - want) <= 1e-11 * Math.Abs(want), $"{key} at {samples[i].Ms} ms: {series.Values[i]:R} != {want:R}");
            }
        }
    }
}

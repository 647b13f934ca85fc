using System.Diagnostics;
using LzDQM.TestServers;
using Xunit.Abstractions;

namespace LzDQM.Sinks.Tests;

/// <summary>
/// Larger volumes through the real sinks: everything arrives, nothing is held afterwards.
/// The rates are printed for the notes (run with --logger "console;verbosity=detailed"), never asserted.
/// </summary>
public sealed class DeliveryVolumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hundred_thousand_points_through_the_file_sink_all_arrive_in_order()
    {
        var dir = Directory.CreateTempSubdirectory("lzdqm-vol-").FullName;
        try
        {
            var path = Path.Combine(dir, "volume.lp");
            var points = TestPoints.TriggerRates(run: 1, firstWindow: 0, count: 20_000, "all", "s1", "s2", "se", "led");
            var clock = Stopwatch.StartNew();
            await using (var delivery = new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = path }), new DeliveryOptions()))
            {
                for (var i = 0; i < points.Count; i += 50)
                {
                    await delivery.EnqueueAsync(points.GetRange(i, 50));
                }

                await delivery.FlushAsync();
                Assert.Equal(points.Count, delivery.Snapshot().PointsWritten);
            }

            output.WriteLine($"file sink: {points.Count} points in {clock.Elapsed.TotalMilliseconds:F0} ms = {points.Count / clock.Elapsed.TotalSeconds:F0} points/s");
            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal(points.Select(p => p.ToString()), lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Fifty_thousand_points_through_the_v1_sink_all_arrive()
    {
        await using var server = await InfluxDb1Server.StartNewAsync();
        await server.CreateDatabaseAsync("volume");
        var points = TestPoints.TriggerRates(run: 2, firstWindow: 0, count: 10_000, "all", "s1", "s2", "se", "led");
        var clock = Stopwatch.StartNew();
        await using (var delivery = new PointDelivery(new InfluxV1Sink(new InfluxV1Options { Url = server.Url, Database = "volume" }), new DeliveryOptions()))
        {
            for (var i = 0; i < points.Count; i += 50)
            {
                await delivery.EnqueueAsync(points.GetRange(i, 50));
            }

            await delivery.FlushAsync();
            Assert.Equal(points.Count, delivery.Snapshot().PointsWritten);
        }

        output.WriteLine($"influx v1 sink (influxd 1.6.7): {points.Count} points in {clock.Elapsed.TotalMilliseconds:F0} ms = {points.Count / clock.Elapsed.TotalSeconds:F0} points/s");
        var count = await server.QueryAsync("volume", "SELECT count(hz) FROM dqm_trigger_rate");
        Assert.Equal(points.Count, count[0].Value(0, "count").GetInt64());
    }
}

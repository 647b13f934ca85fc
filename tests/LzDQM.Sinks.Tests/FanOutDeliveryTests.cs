using System.Collections.Concurrent;
using System.Diagnostics;
using LzDQM.Contracts.Metrics;
using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

public sealed class FanOutDeliveryTests
{
    [Fact]
    public async Task A_batch_settles_only_when_every_destination_has_it_even_if_one_wrote_it_long_before()
    {
        await using var server = await InfluxDb1Server.StartNewAsync();
        await server.CreateDatabaseAsync("fan");
        var dir = Directory.CreateTempSubdirectory("lzdqm-fan-").FullName;
        var file = Path.Combine(dir, "points.lp");
        var fast = new DeliveryOptions { BatchSize = 50, FlushInterval = TimeSpan.FromMilliseconds(20), InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) };
        var settledOrder = new ConcurrentQueue<int>();
        var all = new List<MetricPoint>();
        var receipts = new List<DeliveryReceipt>();
        try
        {
            await RunAsync();
            await InfluxV1Assert.HoldsExactlyAsync(server, "fan", all);
            Assert.Equal(string.Concat(all.Select(p => LineProtocol.Format(p) + "\n")), await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        async Task RunAsync()
        {
            await using var fan = new FanOutDelivery([
                new PointDelivery(new InfluxV1Sink(new InfluxV1Options { Url = server.Url, Database = "fan", Timeout = TimeSpan.FromSeconds(2) }), fast),
                new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = file }), fast),
            ]);

            async Task EnqueueAsync(int index)
            {
                var points = TestPoints.TriggerRates(run: 77, firstWindow: index * 4, count: 4, "all");
                all.AddRange(points);
                receipts.Add(await fan.EnqueueAsync(points, _ => settledOrder.Enqueue(index)));
            }

            for (var i = 0; i < 5; i++)
            {
                await EnqueueAsync(i);
            }

            await Task.WhenAll(receipts.Select(r => r.Settled)).WaitAsync(TimeSpan.FromSeconds(20));

            await server.KillAsync();
            for (var i = 5; i < 10; i++)
            {
                await EnqueueAsync(i);
            }

            // The file destination writes them at once; the batch is still unsettled while InfluxDB is down.
            var clock = Stopwatch.StartNew();
            while (File.ReadAllLines(file).Length < all.Count && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }

            Assert.Equal(all.Count, File.ReadAllLines(file).Length);
            Assert.All(receipts.Skip(5), r => Assert.False(r.Settled.IsCompleted, $"batch {r.Sequence} settled while InfluxDB was down"));
            Assert.Equal(Enumerable.Range(0, 5), settledOrder);

            await server.StartAsync();
            var outcomes = await Task.WhenAll(receipts.Select(r => r.Settled)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(outcomes, o => Assert.Equal(new DeliveryOutcome(4, 0, null), o));
            Assert.Equal(Enumerable.Range(0, 10), settledOrder);
            Assert.All(fan.Deliveries, d => Assert.Equal(all.Count, d.Snapshot().PointsWritten));
            Assert.True(fan.Deliveries[0].Snapshot().WriteRetries > 0);
            Assert.Equal(0, fan.Deliveries[1].Snapshot().WriteRetries);
        }
    }
}

using System.Diagnostics;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks.Tests;

/// <summary>
/// Streams points through a <see cref="PointDelivery"/>, takes the server down for a given time
/// while points keep coming, brings it back, and checks delivery bookkeeping on the way.
/// The down time is a parameter: these tests use a few seconds, the end-to-end tests 30 s.
/// </summary>
internal static class OutageScenario
{
    public static async Task<List<MetricPoint>> RunAsync(IMetricSink sink, Func<Task> stopServer, Func<Task> startServer, TimeSpan down)
    {
        var options = new DeliveryOptions
        {
            BatchSize = 25,
            FlushInterval = TimeSpan.FromMilliseconds(50),
            Capacity = 100_000,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromSeconds(1),
        };
        var all = new List<MetricPoint>();
        await using var delivery = new PointDelivery(sink, options);
        var window = 0;

        // Before: every batch is acknowledged while the server is up.
        var before = new List<DeliveryReceipt>();
        for (var i = 0; i < 10; i++, window += 3)
        {
            var points = TestPoints.TriggerRates(run: 8000, firstWindow: window, count: 3, "all", "s2");
            all.AddRange(points);
            before.Add(await delivery.EnqueueAsync(points));
        }

        await Task.WhenAll(before.Select(r => r.Settled)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, delivery.Snapshot().WriteRetries);

        // During: the server is gone, points keep arriving; none may be acknowledged.
        await stopServer();
        var during = new List<DeliveryReceipt>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < down)
        {
            var points = TestPoints.TriggerRates(run: 8000, firstWindow: window, count: 2, "all", "s2");
            window += 2;
            all.AddRange(points);
            during.Add(await delivery.EnqueueAsync(points));
            await Task.Delay(down / 25);
        }

        Assert.All(during, r => Assert.False(r.Settled.IsCompleted, $"enqueue {r.Sequence} was acknowledged while the server was down"));
        var whileDown = delivery.Snapshot();
        Assert.True(whileDown.WriteRetries > 0, "no retry was counted while the server was down");
        Assert.Equal(during.Sum(r => r.Count), whileDown.QueueDepth);

        // After: the server is back; everything held is written and acknowledged.
        await startServer();
        var outcomes = await Task.WhenAll(during.Select(r => r.Settled)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(during.Select(r => r.Count), outcomes.Select(o => o.Written));
        Assert.All(outcomes, o => Assert.Equal(0, o.Rejected));
        var after = delivery.Snapshot();
        Assert.Equal(all.Count, after.PointsWritten);
        Assert.Equal(0, after.QueueDepth);
        Assert.Equal(0, after.PointsRejected);
        return all;
    }
}

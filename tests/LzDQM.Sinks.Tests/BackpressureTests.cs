using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

public sealed class BackpressureTests
{
    [Fact]
    public async Task With_the_server_down_enqueueing_beyond_capacity_waits_instead_of_dropping_and_all_arrive_after_restart()
    {
        await using var server = await InfluxDb1Server.StartNewAsync();
        await server.CreateDatabaseAsync("full");
        await server.KillAsync();

        var sink = new InfluxV1Sink(new InfluxV1Options { Url = server.Url, Database = "full", Timeout = TimeSpan.FromSeconds(2) });
        await using var delivery = new PointDelivery(sink, new DeliveryOptions
        {
            BatchSize = 20,
            Capacity = 100,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
        });

        var points = TestPoints.TriggerRates(run: 4242, firstWindow: 0, count: 70, "all", "s2");
        var receipts = new List<DeliveryReceipt>();
        for (var i = 0; i < 5; i++)
        {
            var enqueue = delivery.EnqueueAsync(points.GetRange(i * 20, 20));
            Assert.True(enqueue.IsCompleted, $"enqueue {i} waited although the capacity was not reached");
            receipts.Add(await enqueue);
        }

        var sixth = delivery.EnqueueAsync(points.GetRange(100, 20)).AsTask();
        var seventh = delivery.EnqueueAsync(points.GetRange(120, 20)).AsTask();
        await Task.Delay(1000);
        Assert.False(sixth.IsCompleted, "an enqueue beyond capacity returned while the server was down");
        Assert.False(seventh.IsCompleted);
        var full = delivery.Snapshot();
        Assert.Equal(100, full.QueueDepth);
        Assert.Equal(2, full.WaitingEnqueues);
        Assert.Equal(2, full.BlockedEnqueues);
        Assert.Equal(0, full.PointsWritten);
        Assert.True(full.WriteRetries > 0);

        // Giving up on a wait leaves nothing behind: those points are neither held nor written.
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            var abandoned = TestPoints.TriggerRates(run: 999, firstWindow: 0, count: 5);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery.EnqueueAsync(abandoned, giveUp.Token).AsTask());
        }

        Assert.Equal(2, delivery.Snapshot().WaitingEnqueues);
        Assert.Equal(100, delivery.Snapshot().QueueDepth);

        await server.StartAsync();
        receipts.Add(await sixth.WaitAsync(TimeSpan.FromSeconds(30)));
        receipts.Add(await seventh.WaitAsync(TimeSpan.FromSeconds(30)));
        var outcomes = await Task.WhenAll(receipts.Select(r => r.Settled)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(outcomes, o => Assert.Equal(new DeliveryOutcome(20, 0, null), o));
        Assert.Equal(140, delivery.Snapshot().PointsWritten);
        Assert.Equal(0, delivery.Snapshot().QueueDepth);
        await InfluxV1Assert.HoldsExactlyAsync(server, "full", points);
    }
}

using System.Collections.Concurrent;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks.Tests;

public sealed class LineProtocolFileSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lzdqm-lp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_file_holds_exactly_the_formatter_lines_in_write_order()
    {
        var path = Path.Combine(_dir, "nested", "points.lp");
        var points = TestPoints.TriggerRates(run: 5, firstWindow: 0, count: 20, "all", "s1");
        points.Add(TestPoints.Alarm(5, 7, "purity \"low\", act=now"));

        await using (var sink = new LineProtocolFileSink(new LineProtocolFileOptions { Path = path, Fsync = true }))
        {
            await sink.WriteAsync(points[..10], CancellationToken.None);
            await sink.WriteAsync(points[10..], CancellationToken.None);
        }

        Assert.Equal(string.Concat(points.Select(p => LineProtocol.Format(p) + "\n")), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_reopened_file_is_appended_to_not_overwritten()
    {
        var path = Path.Combine(_dir, "append.lp");
        var a = TestPoints.TriggerRates(run: 1, firstWindow: 0, count: 3);
        var b = TestPoints.TriggerRates(run: 1, firstWindow: 3, count: 3);
        await using (var sink = new LineProtocolFileSink(new LineProtocolFileOptions { Path = path }))
        {
            await sink.WriteAsync(a, CancellationToken.None);
        }

        await using (var sink = new LineProtocolFileSink(new LineProtocolFileOptions { Path = path }))
        {
            await sink.WriteAsync(b, CancellationToken.None);
        }

        Assert.Equal(string.Concat(a.Concat(b).Select(p => LineProtocol.Format(p) + "\n")), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Delivery_settles_receipts_in_enqueue_order_and_only_once_the_lines_are_in_the_file()
    {
        var path = Path.Combine(_dir, "ordered.lp");
        var settled = new ConcurrentQueue<(int Index, bool LinesPresent)>();
        var receipts = new List<DeliveryReceipt>();
        var all = new List<MetricPoint>();
        await using (var delivery = new PointDelivery(
            new LineProtocolFileSink(new LineProtocolFileOptions { Path = path }),
            new DeliveryOptions { BatchSize = 7, FlushInterval = TimeSpan.FromMilliseconds(30), Capacity = 50 }))
        {
            for (var i = 0; i < 40; i++)
            {
                // Sizes 0..4: batches span write requests, and empty enqueues (a Kafka message that
                // closed no window) still settle in order.
                var points = TestPoints.TriggerRates(run: 2, firstWindow: all.Count, count: i % 5);
                all.AddRange(points);
                var index = i;
                var linesNeeded = all.Count;
                receipts.Add(await delivery.EnqueueAsync(points, _ => settled.Enqueue((index, CountLines(path) >= linesNeeded))));
            }

            await delivery.FlushAsync();
            var outcomes = await Task.WhenAll(receipts.Select(r => r.Settled));
            Assert.Equal(all.Count, outcomes.Sum(o => o.Written));
            Assert.All(outcomes, o => Assert.Equal(0, o.Rejected));
            Assert.Equal(all.Count, delivery.Snapshot().PointsWritten);
        }

        Assert.Equal(string.Concat(all.Select(p => LineProtocol.Format(p) + "\n")), await File.ReadAllTextAsync(path));
        Assert.Equal(Enumerable.Range(0, 40), settled.Select(s => s.Index));
        Assert.All(settled, s => Assert.True(s.LinesPresent, $"enqueue {s.Index} settled before its lines were in the file"));
    }

    private static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var n = 0;
        while (reader.ReadLine() is not null)
        {
            n++;
        }

        return n;
    }
}

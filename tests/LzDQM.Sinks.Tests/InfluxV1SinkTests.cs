using LzDQM.Contracts.Metrics;
using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

/// <summary>The v1 sink against a real influxd 1.6.7 started for these tests.</summary>
public sealed class InfluxV1SinkTests(InfluxDb1Fixture fixture) : IClassFixture<InfluxDb1Fixture>
{
    private readonly InfluxDb1Server _server = fixture.Server;

    [Fact]
    public async Task Written_points_come_back_from_InfluxQL_exactly_series_timestamps_and_values()
    {
        await _server.CreateDatabaseAsync("exact");
        var points = TestPoints.TriggerRates(run: 6021, firstWindow: 0, count: 12, "all", "s2", "s1");
        points.Add(TestPoints.Alarm(6021, 3, "tau 1987.65 µs < 2500 µs, \"purity\" falling"));
        points.Add(TestPoints.Alarm(6021, 4, @"back\slash and, comma = ok"));

        await using var sink = new InfluxV1Sink(new InfluxV1Options { Url = _server.Url, Database = "exact" });
        await sink.WriteAsync(points, CancellationToken.None);

        await InfluxV1Assert.HoldsExactlyAsync(_server, "exact", points);
    }

    [Fact]
    public async Task Writing_the_same_window_twice_leaves_one_point_with_the_latest_values()
    {
        await _server.CreateDatabaseAsync("upsert");
        var first = TestPoints.TriggerRates(run: 7, firstWindow: 0, count: 5, "all");
        await using var sink = new InfluxV1Sink(new InfluxV1Options { Url = _server.Url, Database = "upsert" });
        await sink.WriteAsync(first, CancellationToken.None);
        await sink.WriteAsync(first, CancellationToken.None);
        await InfluxV1Assert.HoldsExactlyAsync(_server, "upsert", first);

        // A re-computed window (same measurement, tags, timestamp) replaces the stored one.
        var redone = new MetricPoint("dqm_trigger_rate", first[2].Tags, [MetricField.Double("hz", 41.5), MetricField.Double("hz_err", 0.8), MetricField.Integer("count", 2490), MetricField.Double("live_fraction", 0.99)], first[2].TimestampNs);
        await sink.WriteAsync([redone], CancellationToken.None);
        var expected = first.ToList();
        expected[2] = redone;
        await InfluxV1Assert.HoldsExactlyAsync(_server, "upsert", expected);
    }

    [Fact]
    public async Task A_missing_database_is_a_retryable_failure_not_a_rejected_point()
    {
        await using var sink = new InfluxV1Sink(new InfluxV1Options { Url = _server.Url, Database = "never_created" });
        var ex = await Assert.ThrowsAsync<SinkWriteException>(() => sink.WriteAsync(TestPoints.TriggerRates(1, 0, 1), CancellationToken.None));
        Assert.Equal(404, ex.HttpStatus);
        Assert.Equal(SinkFailure.Unavailable, ex.Failure);
        Assert.Contains("database not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_v2_API_on_influxd_1_6_answers_404_which_is_retried_not_dropped()
    {
        await using var sink = new InfluxV2Sink(new InfluxV2Options { Url = _server.Url, Org = "lz", Bucket = "dqm" });
        var ex = await Assert.ThrowsAsync<SinkWriteException>(() => sink.WriteAsync(TestPoints.TriggerRates(1, 0, 1), CancellationToken.None));
        Assert.Equal(404, ex.HttpStatus);
        Assert.Equal(SinkFailure.Unavailable, ex.Failure);
    }

    [Fact]
    public async Task Points_go_out_in_full_batches_and_a_flush_sends_the_partial_rest()
    {
        await _server.CreateDatabaseAsync("batches");
        var before = await _server.WriteRequestsAsync();
        var points = TestPoints.TriggerRates(run: 12, firstWindow: 0, count: 1005, "all");

        // A flush interval far longer than the test: only full batches and the flush send anything.
        var sink = new InfluxV1Sink(new InfluxV1Options { Url = _server.Url, Database = "batches" });
        await using var delivery = new PointDelivery(sink, new DeliveryOptions { BatchSize = 100, Capacity = 2000, FlushInterval = TimeSpan.FromMinutes(10) });
        var receipts = new List<DeliveryReceipt>();
        for (var i = 0; i < points.Count; i += 15)
        {
            receipts.Add(await delivery.EnqueueAsync(points.GetRange(i, Math.Min(15, points.Count - i))));
        }

        await Task.WhenAll(receipts.Take(66).Select(r => r.Settled)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(receipts[^1].Settled.IsCompleted, "the last, partial batch went out before its flush interval or a flush");
        await delivery.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(receipts[^1].Settled.IsCompletedSuccessfully);

        Assert.Equal(11, await _server.WriteRequestsAsync() - before);
        await InfluxV1Assert.HoldsExactlyAsync(_server, "batches", points);
    }

    [Fact]
    public async Task A_partial_batch_goes_out_by_itself_once_its_flush_interval_has_passed()
    {
        await _server.CreateDatabaseAsync("timed");
        var sink = new InfluxV1Sink(new InfluxV1Options { Url = _server.Url, Database = "timed" });
        await using var delivery = new PointDelivery(sink, new DeliveryOptions { BatchSize = 1000, FlushInterval = TimeSpan.FromMilliseconds(200) });
        var points = TestPoints.TriggerRates(run: 13, firstWindow: 0, count: 3, "all");

        var receipt = await delivery.EnqueueAsync(points);

        Assert.Equal(new DeliveryOutcome(3, 0, null), await receipt.Settled.WaitAsync(TimeSpan.FromSeconds(20)));
        await InfluxV1Assert.HoldsExactlyAsync(_server, "timed", points);
    }

    [Fact]
    public async Task Configured_destinations_InfluxDB_and_a_file_both_get_every_point()
    {
        await _server.CreateDatabaseAsync("configured");
        var dir = Directory.CreateTempSubdirectory("lzdqm-dest-").FullName;
        try
        {
            var destinations = new MetricDestinations
            {
                InfluxV1 = new InfluxV1Options { Url = _server.Url, Database = "configured" },
                LineProtocolFile = new LineProtocolFileOptions { Path = Path.Combine(dir, "node.lp") },
                Delivery = new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(50) },
            };
            var points = TestPoints.TriggerRates(run: 31, firstWindow: 0, count: 30, "all", "s2");
            await using (var delivery = destinations.CreateDelivery())
            {
                var receipt = await delivery.EnqueueAsync(points);
                Assert.Equal(new DeliveryOutcome(points.Count, 0, null), await receipt.Settled.WaitAsync(TimeSpan.FromSeconds(20)));
            }

            await InfluxV1Assert.HoldsExactlyAsync(_server, "configured", points);
            Assert.Equal(points.Select(p => p.ToString()), await File.ReadAllLinesAsync(destinations.LineProtocolFile.Path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_point_is_counted_and_rejected_while_its_neighbours_and_later_batches_are_written()
    {
        await _server.CreateDatabaseAsync("bad");
        var sink = new InfluxV1Sink(new InfluxV1Options { Url = _server.Url, Database = "bad" });
        await using var delivery = new PointDelivery(sink, new DeliveryOptions { BatchSize = 64, FlushInterval = TimeSpan.FromMilliseconds(20), InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) });

        var good = TestPoints.TriggerRates(run: 9, firstWindow: 0, count: 10, "all");
        var first = await delivery.EnqueueAsync(good[..3]);
        Assert.Equal(new DeliveryOutcome(3, 0, null), await first.Settled.WaitAsync(TimeSpan.FromSeconds(20)));

        // 'hz' is already a float field of dqm_trigger_rate: a string is a field type conflict, HTTP 400.
        var bad = new MetricPoint("dqm_trigger_rate", good[3].Tags, [MetricField.String("hz", "forty")], TestPoints.BaseNs + (3 * TestPoints.StepNs) + 1);
        List<MetricPoint> mixed = [good[3], good[4], bad, good[5], good[6]];
        var second = await delivery.EnqueueAsync(mixed);
        var third = await delivery.EnqueueAsync(good[7..]);

        var outcome = await second.Settled.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(4, outcome.Written);
        Assert.Equal(1, outcome.Rejected);
        Assert.Contains("field type conflict", outcome.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(new DeliveryOutcome(3, 0, null), await third.Settled.WaitAsync(TimeSpan.FromSeconds(20)));

        var counters = delivery.Snapshot();
        Assert.Equal(1, counters.PointsRejected);
        Assert.Equal(10, counters.PointsWritten);
        Assert.True(counters.FailedBatches >= 1, $"failed batches {counters.FailedBatches}");
        Assert.Equal(0, counters.WriteRetries);
        Assert.Equal(0, counters.QueueDepth);
        var self = new MetricPoint("dqm_node", [new("node", "n1")], counters.ToNodeFields(), TestPoints.BaseNs);
        Assert.Equal(1, self.Value("points_rejected"));
        Assert.Equal(10, self.Value("points_written"));
        await InfluxV1Assert.HoldsExactlyAsync(_server, "bad", good);
    }
}

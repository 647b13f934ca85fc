using LzDQM.Contracts.Metrics;
using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests;

/// <summary>A replay through a two-process cluster ends up in InfluxDB exactly as the reference kernel computes it.</summary>
public sealed class EndToEndTests(ReferenceReplay replay) : IClassFixture<ReferenceReplay>
{
    [Fact]
    public async Task A_two_node_cluster_writes_exactly_the_reference_points_through_the_InfluxDB_v1_API()
    {
        await using var influx = await InfluxDb1Server.StartNewAsync();
        await influx.CreateDatabaseAsync("lzdqm");
        await using var cluster = new NodeCluster();
        string[] destination = ["--influx-v1-url", influx.Url, "--influx-db", "lzdqm"];
        cluster.StartNode("a", destination);
        cluster.StartNode("b", destination);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var summary = await cluster.PublishAsync(replay.Records);
        Assert.Equal(replay.Records.Count, summary.Records);
        await cluster.WaitUntilAsync(async () => (await StoredPoints.FromInfluxAsync(influx, "lzdqm")).Count >= replay.Expected.Count, "every reference point is in InfluxDB", 60);

        StoredPoints.AssertEqualsReference(replay.Expected, await StoredPoints.FromInfluxAsync(influx, "lzdqm"));
        var nodeSeries = await influx.QueryAsync("lzdqm", "SELECT last(events_s) FROM dqm_node GROUP BY node");
        Assert.Equal(["a", "b"], nodeSeries.Select(s => s.Tags["node"]).Order());
    }

    [Fact]
    public async Task A_two_node_cluster_writes_the_reference_points_through_the_InfluxDB_v2_API_to_VictoriaMetrics()
    {
        await using var vm = await VictoriaMetricsServer.StartNewAsync();
        await using var cluster = new NodeCluster();
        string[] destination = ["--influx-url", vm.Url, "--influx-org", "lz", "--influx-bucket", "lzdqm"];
        cluster.StartNode("a", destination);
        cluster.StartNode("b", destination);
        await cluster.WaitUntilEachOwnsOnePartitionAsync();

        var expected = replay.Expected.Values
            .SelectMany(p => p.Fields.Where(f => f.Kind != MetricFieldKind.String).Select(f => (
                Key: $"{p.Measurement}_{f.Name}|{string.Join(",", p.Tags.Select(t => $"{t.Key}={t.Value}"))}|{p.TimestampNs / 1_000_000}",
                Value: f.AsDouble())))
            .ToDictionary(x => x.Key, x => x.Value);
        await cluster.PublishAsync(replay.Records);

        Dictionary<string, double> actual = [];
        await cluster.WaitUntilAsync(
            async () =>
            {
                var exported = await vm.ExportAsync("{__name__=~\"dqm_.*\",__name__!~\"dqm_node_.*\"}");
                actual = exported
                    .SelectMany(s => s.TimestampsMs.Select((ms, i) => (
                        Key: $"{s.Name}|{string.Join(",", s.Labels.Where(l => l.Key is not ("__name__" or "db")).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}|{ms}",
                        Value: s.Values[i])))
                    .ToDictionary(x => x.Key, x => x.Value);
                return actual.Count >= expected.Count;
            },
            "every reference sample is in VictoriaMetrics",
            60);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        var differing = expected.Where(kv => Math.Abs(actual[kv.Key] - kv.Value) > 1e-11 * Math.Abs(kv.Value)).Select(kv => $"{kv.Key}: {actual[kv.Key]:R} != {kv.Value:R}").ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} samples differ:\n" + string.Join("\n", differing.Take(6)));
    }
}

using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

/// <summary>Real servers going down mid-stream and coming back on the same port and data.</summary>
public sealed class ServerOutageTests
{
    [Theory]
    [InlineData(5)]
    public async Task Influxd_killed_mid_stream_then_restarted_loses_nothing_and_acks_only_after_restart(int downSeconds)
    {
        await using var server = await InfluxDb1Server.StartNewAsync();
        await server.CreateDatabaseAsync("outage");
        var sink = new InfluxV1Sink(new InfluxV1Options { Url = server.Url, Database = "outage", Timeout = TimeSpan.FromSeconds(2) });

        // SIGKILL: points acknowledged before the crash must survive it (influxd's WAL).
        var written = await OutageScenario.RunAsync(sink, server.KillAsync, () => server.StartAsync(), TimeSpan.FromSeconds(downSeconds));

        await InfluxV1Assert.HoldsExactlyAsync(server, "outage", written);
    }

    [Theory]
    [InlineData(4)]
    public async Task VictoriaMetrics_stopped_mid_stream_then_restarted_loses_nothing(int downSeconds)
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        var sink = new InfluxV2Sink(new InfluxV2Options { Url = server.Url, Org = "lz", Bucket = "dqm", Timeout = TimeSpan.FromSeconds(2) });

        var written = await OutageScenario.RunAsync(sink, () => server.StopAsync(), () => server.StartAsync(), TimeSpan.FromSeconds(downSeconds));

        InfluxV2SinkTests.AssertExported(written, await server.ExportAsync("{run=\"8000\"}"));
    }
}

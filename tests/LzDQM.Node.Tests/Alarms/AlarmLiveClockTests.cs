using System.Globalization;
using LzDQM.Alarms.Rules;
using LzDQM.Kernel;
using LzDQM.Node.Tests.Support;
using LzDQM.Simulation;
using LzDQM.Simulation.Scenarios;
using LzDQM.TestServers;
using Microsoft.Extensions.Hosting;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>
/// Live running (event time = wall time, replayed at speed 1): a DAQ that stops sending closes no
/// window, yet the engine's live clock pages the stall while it lasts, not when data resume.
/// Short windows and a short NoData threshold keep the run to 30 s.
/// </summary>
public sealed class AlarmLiveClockTests
{
    [Fact]
    public async Task A_live_DAQ_stall_pages_during_the_stall_and_resolves_when_data_resume()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await using var cluster = new NodeCluster(partitions: 1);
        var logs = new LogLines("a");
        using var a = AlarmHosts.Start(cluster, "a", FreeTcpPort.Next(), null, receiver.Url, logs, configure: s =>
        {
            s.Kernel = new KernelOptions { Rates = WindowSpec.FromSeconds(4, 1) };
            s.Alarms.Rules =
            [
                new AlarmRule
                {
                    Name = "no-data", Measurement = "dqm_trigger_rate", Field = "count", Tags = new() { ["trigger_type"] = "all" },
                    Condition = AlarmCondition.NoData, Critical = 8, DataWindowSeconds = 4,
                },
            ];
            s.AlarmEngine.LiveLateness = TimeSpan.FromSeconds(3);
        });
        await cluster.WaitUntilAsync(() => logs.Contains("Alarm engine started on node a"), "the alarm engine started", 45);

        // Science running from now; no trigger between 6 s and 24 s; 30 s long.
        var start = DateTimeOffset.UtcNow;
        var json = $$"""
            { "name": "live-stall", "run": 7200, "run_mode": "science", "start_time": "{{start.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}}",
              "default_duration_s": 30, "parameters": { "daq_running": [[0, 1], [6, 1], [6.001, 0], [24, 0], [24.001, 1]] } }
            """;
        var records = new DetectorSimulator(Scenario.FromJson(json, "live-stall"), seed: 5, TimeSpan.FromSeconds(30)).Records().ToList();
        var published = DateTimeOffset.UtcNow;
        await cluster.PublishAsync(records, speed: 1);

        var pages = WebhookPage.From(await receiver.WaitForAsync(r => WebhookPage.From(r).Any(p => p.Kind == "resolved"), TimeSpan.FromSeconds(20), "the resolve after the stall"));
        Assert.Equal(["fired", "resolved"], pages.Select(p => p.Kind));
        var firedAfter = pages[0].ReceivedAt - published;
        Assert.True(firedAfter < TimeSpan.FromSeconds(23), $"the stall paged {firedAfter.TotalSeconds:F1} s into the run, not before the data resumed at 24 s");
        Assert.True(firedAfter > TimeSpan.FromSeconds(6 + 8), $"paged {firedAfter.TotalSeconds:F1} s into the run: before 8 s of silence had passed");
        await a.StopAsync();
    }
}

using System.Globalization;
using Akka.Actor;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using Akka.Hosting;
using LzDQM.Node.Alarms;
using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>
/// Every SPEC §6 scenario (replay-data/, one run each) through a real two-node cluster: embedded
/// broker → pipelines → pub-sub → alarm-engine singleton → a real HTTP receiver (Alertmanager v2 and
/// webhook). Each anomaly pages once and resolves once, the clean runs page nothing, every
/// <c>dqm_alarm</c> change reaches the line-protocol sinks, and pages are prompt in event time and
/// in processing time.
/// </summary>
public sealed class AlarmScenarioTests(ITestOutputHelper output)
{
    /// <summary>The default rule each anomaly scenario must raise.</summary>
    private static readonly Dictionary<string, string[]> ExpectedRules = new()
    {
        ["purity-loss"] = ["electron-lifetime-falling", "electron-lifetime-low"],
        ["cathode-hv-sag"] = ["cathode-edge-moved"],
        ["liquid-level-rise"] = ["s2-width-moved"],
        ["rate-spike"] = ["se-rate-spike"],
        ["daq-stall"] = ["no-data"],
        ["deadtime-burst"] = ["live-fraction-low"],
    };

    [Fact]
    public async Task Every_anomaly_pages_once_and_resolves_once_promptly_and_the_clean_runs_page_nothing()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await using var influx = await InfluxDb1Server.StartNewAsync();
        await influx.CreateDatabaseAsync("lzdqm");
        await using var cluster = new NodeCluster();
        var logs = new LogLines("cluster");
        var seedPort = FreeTcpPort.Next();
        using var a = AlarmHosts.Start(cluster, "a", seedPort, null, receiver.Url, logs, influx.Url);
        using var b = AlarmHosts.Start(cluster, "b", FreeTcpPort.Next(), seedPort, receiver.Url, logs, influx.Url);
        var points = new PointLog();
        points.Attach(a.Services.GetRequiredService<ActorSystem>());
        var table = a.Services.GetRequiredService<PartitionOwnershipTable>();
        await cluster.WaitUntilAsync(() => table.Current.ByNode.Count == 2 && table.Current.ByNode.Values.All(o => o.Partitions.Length == 1), "a and b own one partition each", 60);
        await cluster.WaitUntilAsync(() => logs.Contains("Alarm engine started on node"), "the alarm engine started", 30);
        var engine = ActorRegistry.For(b.Services.GetRequiredService<ActorSystem>()).Get<AlarmEngineActor>(); // the proxy
        Assert.Equal("a", (await engine.Ask<AlarmEngineStatus>(GetAlarmEngineStatus.Instance, TimeSpan.FromSeconds(10))).Node); // the oldest node hosts it

        var truths = ReplayData.Scenarios.ToDictionary(s => s, ReplayData.Truth);
        var records = ReplayData.Scenarios.SelectMany(ReplayData.Records).ToList();
        await cluster.PublishAsync(records);
        await cluster.WaitUntilAsync(() => truths.Values.All(t => points.StoppedRuns.Contains(t.Run)), "every run's STOP went through the pipeline", 150);

        // A STOP resolves what still fires (after a 2 s grace for points in flight): wait for every resolve.
        await receiver.WaitForAsync(
            r =>
            {
                var pages = WebhookPage.From(r);
                return pages.Where(p => p.Kind == "fired").All(f => pages.Any(p => p.AlarmId == f.AlarmId && p.Kind == "resolved"));
            },
            TimeSpan.FromSeconds(20),
            "resolve for every fired alarm");
        await Task.Delay(TimeSpan.FromSeconds(3)); // anything duplicated would arrive by now
        var received = WebhookPage.From(receiver.Requests);
        var rules = new AlarmOptions { Rules = [.. DefaultAlarmRules.Create()] }.Rules.ToDictionary(r => r.Name);
        Report(received, truths, points);
        foreach (var line in logs.Lines.Where(l => !l.Contains(" Information ", StringComparison.Ordinal)).Take(20))
        {
            output.WriteLine(line);
        }

        foreach (var (scenario, truth) in truths)
        {
            var pages = received.Where(p => p.Run == truth.Run).ToList();
            if (ReplayData.Clean.Contains(scenario))
            {
                Assert.True(pages.Count == 0, $"clean scenario {scenario} paged: {string.Join("; ", pages)}");
                continue;
            }

            var fired = pages.Where(p => p.Kind == "fired").ToList();
            Assert.Contains(fired, f => ExpectedRules[scenario].Contains(f.Rule));
            Assert.True(fired.Select(f => f.AlarmId).Distinct().Count() == 1, $"{scenario}: one problem, one alarm; got {string.Join(", ", fired.Select(f => f.AlarmId))}");
            foreach (var alarm in fired.GroupBy(p => p.AlarmId))
            {
                Assert.True(alarm.Count() == 1, $"{scenario}: {alarm.Key} paged {alarm.Count()} times");
                Assert.Equal(1, pages.Count(p => p.AlarmId == alarm.Key && p.Kind == "resolved"));
            }

            Assert.Equal(pages.Count, pages.Select(p => p.Key).Distinct().Count()); // nothing delivered twice
        }

        // Alertmanager heard of every transition the webhook heard of, once each.
        var alertPosts = WebhookPage.AlertmanagerPosts(receiver.Requests);
        foreach (var alarm in received.GroupBy(p => p.AlarmId))
        {
            Assert.Equal(alarm.Count(), alertPosts.Count(ids => ids.Contains(alarm.Key)));
        }

        // Processing delay: from the arrival on pub-sub of the point that fired the alarm to the page.
        foreach (var f in received.Where(p => p.Kind == "fired"))
        {
            var cause = FirstArrival(points, f.Run, f.EventTimeNs);
            Assert.True(cause is not null, $"no metric point of run {f.Run} at the firing time of {f.AlarmId}");
            var processing = f.ReceivedAt - cause!.Value;
            Assert.True(processing < TimeSpan.FromSeconds(5), $"{f.AlarmId}: paged {processing.TotalSeconds:F2} s after its point was published");

            // Event time: from the point that first crossed the threshold (first dqm_alarm change) to the firing one.
            var crossed = AlarmChanges(points, f).First().TimestampNs;
            var rule = rules[f.Rule];
            var eventDelay = TimeSpan.FromTicks((f.EventTimeNs - crossed) / 100);
            Assert.True(eventDelay <= TimeSpan.FromSeconds(rule.PendingSeconds + 10), $"{f.AlarmId}: fired {eventDelay.TotalSeconds} s of event time after crossing (pending {rule.PendingSeconds} s, step 10 s)");
        }

        // Every dqm_alarm change the engine published is in the sinks (a.lp / b.lp), byte for byte,
        // and in InfluxDB 1.6.7 (one point per series and event time: a later change at the same time wins).
        var published = points.Lines.Select(l => l.Line).Where(l => l.StartsWith("dqm_alarm,", StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(published);
        await cluster.WaitUntilAsync(() => published.IsSubsetOf(SinkAlarmLines(cluster)), "every dqm_alarm change is in the line-protocol files", 10);
        Assert.Equal(published.Count, SinkAlarmLines(cluster).Count);
        var keys = published.Select(PointKey.OfLine).ToHashSet();
        await cluster.WaitUntilAsync(async () => (await InfluxAlarmRows(influx)) == keys.Count, $"InfluxDB holds the {keys.Count} dqm_alarm points", 15);

        var status = await engine.Ask<AlarmEngineStatus>(GetAlarmEngineStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(0, status.Outbox);
        Assert.Equal(received.Count * 2, status.PagesSent); // webhook and Alertmanager acknowledged each
        Assert.DoesNotContain(logs.Lines, l => l.Contains("no majority", StringComparison.Ordinal));

        await b.StopAsync();
        await a.StopAsync();
    }

    private static async Task<int> InfluxAlarmRows(InfluxDb1Server influx) =>
        (await influx.QueryAsync("lzdqm", "SELECT state, value, threshold, message FROM dqm_alarm GROUP BY *")).Sum(s => s.Rows.Count);

    private static DateTimeOffset? FirstArrival(PointLog points, uint run, long timestampNs)
    {
        var tag = ",run=" + run.ToString(CultureInfo.InvariantCulture);
        var suffix = " " + timestampNs.ToString(CultureInfo.InvariantCulture);
        var hits = points.Lines.Where(l => l.Line.EndsWith(suffix, StringComparison.Ordinal) && l.Line.Contains(tag, StringComparison.Ordinal)
            && !l.Line.StartsWith("dqm_alarm,", StringComparison.Ordinal)).Select(l => l.At).ToList();
        return hits.Count == 0 ? null : hits.Min();
    }

    private static List<MetricPoint> AlarmChanges(PointLog points, WebhookPage page) =>
        [.. points.Lines.Select(l => l.Line).Where(l => l.StartsWith("dqm_alarm,", StringComparison.Ordinal))
            .Select(l => LineProtocolReader.ParseLine(l)!)
            .Where(p => p.Tag("run") == page.Run.ToString(CultureInfo.InvariantCulture) && p.Tag("alarm") is { } alarm && (alarm == page.Rule || alarm.StartsWith(page.Rule + "/", StringComparison.Ordinal)))
            .OrderBy(p => p.TimestampNs)];

    private static HashSet<string> SinkAlarmLines(NodeCluster cluster) =>
        [.. new[] { "a.lp", "b.lp" }.Select(cluster.PathOf).Where(File.Exists)
            .SelectMany(f =>
            {
                using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return new StreamReader(s).ReadToEnd().Split('\n');
            })
            .Where(l => l.StartsWith("dqm_alarm,", StringComparison.Ordinal))];

    private void Report(List<WebhookPage> received, Dictionary<string, Simulation.ScenarioTruth> truths, PointLog points)
    {
        output.WriteLine("scenario            alarm                               kind      event time (s of run)  onset  crossed  processing");
        foreach (var (scenario, truth) in truths)
        {
            double? onset = truth.Anomalies.Count > 0 ? truth.Anomalies[0].OnsetS : null;
            foreach (var p in received.Where(p => p.Run == truth.Run))
            {
                var cause = FirstArrival(points, p.Run, p.EventTimeNs);
                var crossed = AlarmChanges(points, p).FirstOrDefault()?.TimestampNs;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{scenario,-19} {p.AlarmId,-35} {p.Kind,-9} {truth.RunSeconds(p.EventTimeNs),8:F0}              {onset,5:F0}  {(crossed is { } c ? truth.RunSeconds(c) : double.NaN),7:F0}  {(cause is { } at ? (p.ReceivedAt - at).TotalMilliseconds : double.NaN),7:F0} ms"));
            }

            if (!received.Any(p => p.Run == truth.Run))
            {
                output.WriteLine($"{scenario,-19} (no page)");
            }
        }
    }
}

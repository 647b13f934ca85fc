using System.Text.RegularExpressions;
using LzDQM.Contracts.Metrics;
using LzDQM.Cli.Tests.Support;
using LzDQM.Kafka.Tests.Support;
using LzDQM.Kernel;
using LzDQM.Reports;

namespace LzDQM.Cli.Tests;

public sealed partial class DemoCommandTests
{
    [GeneratedRegex("<img alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">")]
    private static partial Regex ImgTag();

    /// <summary>Points keyed by series and timestamp, the last write winning (InfluxDB's upsert).</summary>
    internal static SortedDictionary<string, string> Upserted(IEnumerable<MetricPoint> points)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            map[MetricPointUpsert.SeriesKey(p) + " @" + p.TimestampNs] = p.ToString();
        }

        return map;
    }

    internal static void AssertEmbeddedPngs(string html, int atLeast)
    {
        var images = ImgTag().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.True(images.Count >= atLeast, $"{images.Count} embedded plots, expected at least {atLeast}");
        Assert.All(images, png =>
        {
            Assert.True(png.Length > 2000, $"a {png.Length}-byte PNG holds no plot");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        });
    }

    [Fact]
    public async Task Demo_runs_to_completion_and_writes_the_points_lzdqm_analyze_computes_and_a_report_with_plots()
    {
        using var dir = new TempDirectory();
        var (code, stdout, stderr, _) = await LzdqmProcess.RunAsync(TimeSpan.FromSeconds(100),
            "demo", "--duration", "3m", "--speed", "max", "--out", dir.File("demo"));
        Assert.True(code == ExitCodes.Ok, $"lzdqm demo exited {code}\nstdout:\n{stdout}\nstderr:\n{stderr}");

        var files = stdout.Split('\n').Select(l => l.Trim().Split('=', 2)).Where(kv => kv.Length == 2 && kv[0] is "replay" or "truth" or "points" or "report" or "log")
            .ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.True(files.Count == 5, "stdout names replay, truth, points, report and log:\n" + stdout);
        Assert.All(files.Values, f => Assert.True(File.Exists(f), f + " missing"));
        Assert.Contains("demo [", stdout, StringComparison.Ordinal); // the plain live view, stdout not being a terminal
        Assert.Contains("% (", stdout, StringComparison.Ordinal);

        // Live through the cluster = offline through the kernel, window for window.
        var reference = dir.File("reference.lp");
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", files["replay"], "--out", reference, "--quiet"]));
        var expected = Upserted(LineProtocolReader.ReadFile(reference));
        var written = LineProtocolReader.ReadFile(files["points"]);
        var actual = Upserted(written.Where(p => p.Measurement != "dqm_node"));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys, actual.Keys);
        var differing = expected.Where(kv => actual[kv.Key] != kv.Value).Select(kv => kv.Value + "\n   demo: " + actual[kv.Key]).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {expected.Count} points differ:\n" + string.Join("\n", differing.Take(5)));

        // The report: a plot per panel, the run, its lifetime with error and the truth beside it.
        var html = await File.ReadAllTextAsync(files["report"]);
        AssertEmbeddedPngs(html, atLeast: 9);
        Assert.Contains("Run 7003", html, StringComparison.Ordinal);
        Assert.Contains("truth (window average)", html, StringComparison.Ordinal);
        var tau = written.Where(p => p.Measurement == MetricNames.ElectronLifetime && p.Tag("population") == "kr83m").MaxBy(p => p.TimestampNs)!;
        Assert.Contains(ValueText.WithError(tau.Value("tau_us") / 1000, tau.Value("tau_err_us") / 1000), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_mid_replay_stops_the_nodes_and_still_writes_the_points_and_report_so_far()
    {
        using var dir = new TempDirectory();
        using var demo = LzdqmProcess.Start("demo", "--duration", "20m", "--speed", "20", "--out", dir.File("demo"));
        var seen = new System.Text.StringBuilder();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            // Plain live-view lines come every 3 s; interrupt once windows are being written, a
            // lifetime window among them (each node's sink flushes every batch to nodes/<node>.lp).
            // Breaking at the first "replaying" line raced the first lifetime window on a loaded machine.
            var nodeFiles = Path.Combine(dir.File("demo"), "nodes");
            while (await demo.Stdout.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains("replaying", StringComparison.Ordinal) && line.Contains("run 7003", StringComparison.Ordinal)
                    && Directory.Exists(nodeFiles)
                    && Directory.EnumerateFiles(nodeFiles, "*.lp").Any(f => File.ReadAllText(f).Contains(MetricNames.ElectronLifetime + ",", StringComparison.Ordinal)))
                {
                    break;
                }
            }
        }

        Assert.Contains("run 7003", seen.ToString(), StringComparison.Ordinal);
        Assert.Contains("cluster view p0 → node-", seen.ToString(), StringComparison.Ordinal); // ownership as pub-sub spreads it
        Assert.Contains("p1 → node-", seen.ToString(), StringComparison.Ordinal);
        demo.Signal("INT");
        var rest = demo.Stdout.ReadToEndAsync();
        var code = await demo.WaitAsync(TimeSpan.FromSeconds(30));
        var stdout = seen + await rest;
        Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{stdout}\n{demo.Stderr}");
        Assert.Contains("demo: interrupted", stdout, StringComparison.Ordinal);
        var points = LineProtocolReader.ReadFile(Path.Combine(dir.File("demo"), "points.lp"));
        Assert.Contains(points, p => p.Measurement == MetricNames.ElectronLifetime);
        var rates = points.Where(p => p.Measurement == MetricNames.TriggerRate).Select(p => p.TimestampNs).ToList();
        Assert.True(rates.Max() - rates.Min() < 19 * 60_000_000_000L, "the replay stopped before the run's 20 minutes were through");
        AssertEmbeddedPngs(await File.ReadAllTextAsync(Path.Combine(dir.File("demo"), "report.html")), atLeast: 5);
    }
}

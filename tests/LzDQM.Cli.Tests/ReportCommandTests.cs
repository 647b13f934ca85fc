using LzDQM.Cli.Tests.Support;
using LzDQM.Kafka.Tests.Support;
using LzDQM.Simulation;

namespace LzDQM.Cli.Tests;

public sealed class ReportCommandTests
{
    [Fact]
    public async Task Report_turns_an_analyze_points_file_and_its_truth_into_one_html_page_with_plots()
    {
        using var dir = new TempDirectory();
        var replay = dir.File("liquid.lzr");
        new DetectorSimulator(ScenarioCatalog.Get("liquid-level-rise"), 2, TimeSpan.FromMinutes(8)).WriteReplay(replay);
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", replay, "--out", dir.File("points.lp"), "--quiet"]));

        var html = dir.File("report.html");
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["report", dir.File("points.lp"), "--truth", ScenarioTruth.PathFor(replay), "--out", html]));
        var text = await File.ReadAllTextAsync(html);
        DemoCommandTests.AssertEmbeddedPngs(text, atLeast: 8);
        Assert.Contains("Run 7005", text, StringComparison.Ordinal);
        Assert.Contains("liquid-level-rise", text, StringComparison.Ordinal);
        Assert.Contains("S2 intrinsic width σ₀", text, StringComparison.Ordinal);
        Assert.False(File.Exists(html + ".partial"));
    }

    [Fact]
    public async Task A_malformed_point_is_a_one_line_error_naming_the_file_and_line_and_no_report_is_written()
    {
        using var dir = new TempDirectory();
        var points = dir.File("bad.lp");
        await File.WriteAllTextAsync(points,
            "dqm_drift,run=1 cathode_us=951.2,cathode_err_us=1.5 1772611260000000000\n"
            + "dqm_s2_width,run=1 sigma0_us=0.8 1772611260000000000\n"
            + "dqm_drift,run=1 cathode_us=951.2 17726112600000000x0\n");
        var (code, stdout, stderr, _) = await LzdqmProcess.RunAsync(TimeSpan.FromSeconds(60), "report", points, "--out", dir.File("r.html"));
        Assert.Equal(ExitCodes.BadInput, code);
        var error = stderr.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith("lzdqm: ", error, StringComparison.Ordinal);
        Assert.Contains("bad.lp", error, StringComparison.Ordinal);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.Contains("timestamp", error, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(File.Exists(dir.File("r.html")));
    }

    [Fact]
    public async Task A_missing_points_file_or_truth_file_is_a_one_line_error()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr, _) = await LzdqmProcess.RunAsync(TimeSpan.FromSeconds(60), "report", dir.File("none.lp"), "--out", dir.File("r.html"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("does not exist", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr.Trim());

        await File.WriteAllTextAsync(dir.File("ok.lp"), "dqm_s2_width,run=1 sigma0_us=0.8 1772611260000000000\n");
        (code, _, stderr, _) = await LzdqmProcess.RunAsync(TimeSpan.FromSeconds(60), "report", dir.File("ok.lp"), "--truth", dir.File("none.truth.json"), "--out", dir.File("r.html"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("none.truth.json", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr.Trim());
    }
}

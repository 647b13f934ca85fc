using LzDQM.Contracts.Metrics;
using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Reports.Tests;

public class MetricReportTests
{
    private static readonly Lazy<(List<MetricPoint> Points, ScenarioTruth Truth)> PurityLoss =
        new(() => SimulatedPoints.Of("purity-loss", TimeSpan.FromMinutes(20)));

    [Fact]
    public void The_report_embeds_one_decodable_png_per_panel_and_names_the_run_the_lifetime_and_its_truth()
    {
        var (points, truth) = PurityLoss.Value;
        var options = new ReportOptions { PlotWidth = 800, PlotHeight = 320 };
        var report = new MetricReport(points, truth, options);
        var html = report.ToHtml();

        var images = PngImages.In(html);
        Assert.Equal(report.Panels.Count, images.Count);
        Assert.True(images.Count >= 9, $"expected the rate, live-fraction, pulse, lifetime, S2₀, drift and width panels, got {images.Count}");
        foreach (var (alt, png) in images)
        {
            Assert.Equal((800, 320), PngImages.AssertPng(png));
            Assert.False(string.IsNullOrWhiteSpace(alt));
        }

        Assert.Contains("Electron lifetime τ", images.Select(i => i.Alt));
        Assert.Contains("Run 7003", html, StringComparison.Ordinal);
        Assert.Contains("purity-loss", html, StringComparison.Ordinal);

        // The summary shows the last Kr-83m window's τ ± error (ms) and the truth averaged over it.
        var last = points.Where(p => p.Measurement == MetricNames.ElectronLifetime && p.Tag("population") == "kr83m").MaxBy(p => p.TimestampNs)!;
        Assert.Contains(ValueText.WithError(last.Value("tau_us") / 1000, last.Value("tau_err_us") / 1000), html, StringComparison.Ordinal);
        var from = truth.RunSeconds(Math.Max(truth.StartTimeNs, last.TimestampNs - new KernelOptions().Lifetime.LengthNs));
        var windowTruth = 1 / Enumerable.Range(0, 1000).Average(i => 1 / truth.At("electron_lifetime_us", from + ((i + 0.5) * (truth.RunSeconds(last.TimestampNs) - from) / 1000)));
        Assert.Contains(ValueText.Plain(windowTruth / 1000), html, StringComparison.Ordinal);

        // Self-contained: nothing fetched from anywhere.
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_purity_loss_is_found_in_the_kr83m_lifetime_after_its_onset_and_not_before()
    {
        var (points, truth) = PurityLoss.Value;
        var run = new RunMetrics("7003", points, truth, new KernelOptions());
        var onset = truth.Anomaly("purity-loss")!;
        var series = run.Series(MetricCatalog.Lifetime, "kr83m").Single();
        var response = AnomalyResponse.Find(onset, MetricCatalog.Lifetime, series);

        Assert.NotNull(response.MovedMinutes);
        Assert.True(response.MovedMinutes > onset.OnsetS / 60, "a move before the onset would be a false alarm");
        Assert.True(response.MovedValue < response.Baseline, "τ falls");
        Assert.True(Math.Abs(response.MovedValue!.Value - response.Baseline!.Value) > AnomalyResponse.Threshold * response.Sigma!.Value);
    }

    [Fact]
    public void Kr83m_lifetimes_agree_with_the_truth_averaged_over_their_windows()
    {
        // The report's dashed truth is what a window should measure: check it is the right comparison.
        var (points, truth) = PurityLoss.Value;
        var run = new RunMetrics("7003", points, truth, new KernelOptions());
        var series = run.Series(MetricCatalog.Lifetime, "kr83m").Single();
        var pulls = Enumerable.Range(0, series.Count)
            .Select(i => (series.Values[i] - run.WindowTruth(MetricCatalog.Lifetime, "kr83m", series.TimesNs[i])!.Value) / series.Errors![i])
            .ToList();
        Assert.True(pulls.Count >= 10);
        Assert.All(pulls, p => Assert.InRange(p, -3.5, 3.5));
    }

    [Fact]
    public void A_falling_lifetime_averages_harmonically_over_a_window()
    {
        // τ falls linearly from 8 to 2 ms: the mean attenuation gives (8 − 2) / ln 4 ms, not the 5 ms mean.
        var truth = ScenarioTruth.FromScenario(ScenarioCatalog.Get("purity-loss"), 1, TimeSpan.FromMinutes(40));
        var harmonic = TruthCurve.Average(truth, "electron_lifetime_us", 300, 1500, TruthAverage.Harmonic);
        Assert.Equal(6000 / Math.Log(4), harmonic, 6000 / Math.Log(4) * 1e-3);
        Assert.Equal(5000, TruthCurve.Average(truth, "electron_lifetime_us", 300, 1500, TruthAverage.Mean), 1e-6 * 5000);
    }

    [Fact]
    public void A_series_without_errors_moves_when_it_leaves_the_scatter_before_the_onset()
    {
        var anomaly = new TruthAnomaly { Name = "liquid-level-rise", OnsetS = 300, OnsetTimeNs = 300_000_000_000 };
        long[] times = [.. Enumerable.Range(1, 10).Select(m => m * 60_000_000_000L)];
        double[] values = [0.800, 0.801, 0.799, 0.800, 0.801, 0.800, 0.790, 0.760, 0.700, 0.650];
        var series = new MetricSeries(null, "σ₀", times, [.. times.Select(t => t / 60e9)], values, null);
        var response = AnomalyResponse.Find(anomaly, MetricCatalog.Sigma0, series);
        Assert.Equal(7, response.MovedMinutes); // 0.790 is many scatters below 0.800; 0.800 at 6 min is not
    }

    [Fact]
    public void Points_of_several_runs_get_a_section_each_and_points_written_twice_count_once()
    {
        var a = new MetricPoint(MetricNames.Drift, [new("run", "12")], [MetricField.Double("cathode_us", 950), MetricField.Double("cathode_err_us", 1)], 60_000_000_000);
        var a2 = new MetricPoint(MetricNames.Drift, [new("run", "12")], [MetricField.Double("cathode_us", 951), MetricField.Double("cathode_err_us", 1)], 60_000_000_000);
        var b = new MetricPoint(MetricNames.Drift, [new("run", "9")], [MetricField.Double("cathode_us", 952), MetricField.Double("cathode_err_us", 1)], 120_000_000_000);
        var node = new MetricPoint("dqm_node", [new("node", "n1")], [MetricField.Integer("lag", 0)], 1);
        var report = new MetricReport([a, b, a2, node]);
        Assert.Equal(["9", "12"], report.Runs);
        var html = report.ToHtml();
        Assert.Contains("3 metric points", html, StringComparison.Ordinal);
        Assert.Contains("951.0 ± 1.0", html, StringComparison.Ordinal); // the last write of run 12's window
        Assert.DoesNotContain("950.0 ± 1.0", html, StringComparison.Ordinal);
        Assert.Equal(2, PngImages.In(html).Count);
    }
}

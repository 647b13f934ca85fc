using Xunit.Abstractions;
using LzDQM.Kernel.Windows;

namespace LzDQM.Kernel.Tests;

/// <summary>SPEC §3 accuracy against simulator truth (fixed seeds).</summary>
public class AccuracyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2000.0, 9101u)]
    [InlineData(4000.0, 9102u)]
    [InlineData(6500.0, 9103u)]
    [InlineData(10000.0, 9104u)]
    [InlineData(15000.0, 9105u)]
    public void Lifetime_fit_recovers_truth_within_five_percent_or_three_sigma_with_20000_kr83m_events(double tauUs, uint run)
    {
        // 20 000+ Kr-83m events in one two-minute window that the run STOP closes.
        var run0 = SimulatedRun.Of(SimulatedRun.Kr83m($"tau-{tauUs}", run, krHz: 220, tauUs), minutes: 110.0 / 60);
        var options = new KernelOptions { Lifetime = WindowSpec.FromSeconds(120, 120) };
        var points = run0.Analyze(options).Of(MetricNames.ElectronLifetime, "population", "kr83m");
        var p = Assert.Single(points);
        Assert.True(p.Value("n_events") >= 20_000, $"only {p.Value("n_events")} events");
        var tau = p.Value("tau_us");
        var err = p.Value("tau_err_us");
        Assert.True(Math.Abs(tau - tauUs) <= Math.Max(0.05 * tauUs, 3 * err), $"τ = {tau} ± {err} µs, truth {tauUs}");
        output.WriteLine($"τ = {tau:F0} ± {err:F0} µs (truth {tauUs}), n = {p.Value("n_events")}, χ²/ndf = {p.Value("chi2_ndf"):F2}");
        Assert.InRange(p.Value("chi2_ndf"), 0.3, 2.5);
        Assert.InRange(p.Value("s2_0_phd"), 0.9 * run0.Truth.At("kr83m_s2_0_phd", 0), 1.1 * run0.Truth.At("kr83m_s2_0_phd", 0));
    }

    [Fact]
    public void Lifetime_pull_over_sixty_independent_windows_has_mean_zero_and_unit_width()
    {
        // One-minute non-overlapping windows of ~2400 Kr-83m events each.
        var run = SimulatedRun.Of(SimulatedRun.Kr83m("pull", 9110, krHz: 40, tauUs: 6500), minutes: 61);
        var options = new KernelOptions { Lifetime = WindowSpec.FromSeconds(60, 60) };
        var pulls = run.Analyze(options).Of(MetricNames.ElectronLifetime, "population", "kr83m")
            .Where(p => p.Value("n_events") > 1000)
            .Select(p => (p.Value("tau_us") - 6500) / p.Value("tau_err_us"))
            .ToList();
        Assert.True(pulls.Count >= 50, $"{pulls.Count} windows");
        var mean = pulls.Average();
        var width = Math.Sqrt(pulls.Sum(x => (x - mean) * (x - mean)) / (pulls.Count - 1));
        output.WriteLine($"pull over {pulls.Count} windows: mean {mean:F3}, width {width:F3}");
        Assert.InRange(mean, -0.2, 0.2);
        Assert.InRange(width, 0.8, 1.2);
    }

    [Fact]
    public void Drift_edges_recover_cathode_within_half_a_percent_and_drift_velocity_within_one_percent()
    {
        var run = SimulatedRun.Of("kr83m-calibration", minutes: 10);
        var points = run.Analyze().Of(MetricNames.Drift);
        Assert.NotEmpty(points);
        foreach (var p in points)
        {
            var t = run.RunSeconds(p);
            var cathode = run.Truth.At("cathode_us", t);
            var v = run.Truth.At("drift_velocity_mm_per_us", t);
            Assert.True(Math.Abs(p.Value("cathode_us") - cathode) < 0.005 * cathode, $"cathode {p.Value("cathode_us")} vs {cathode}");
            Assert.True(Math.Abs(p.Value("drift_velocity_mm_us") - v) < 0.01 * v, $"v {p.Value("drift_velocity_mm_us")} vs {v}");
            Assert.True(Math.Abs(p.Value("cathode_us") - cathode) < 4 * p.Value("cathode_err_us") + 0.2, "cathode error is not honest");
            Assert.InRange(p.Value("gate_us"), 0, 6);
        }
    }

    [Fact]
    public void Width_fit_recovers_sigma0_within_five_percent_and_diffusion_within_ten_percent_with_20000_events()
    {
        var run = SimulatedRun.Of("kr83m-calibration", minutes: 10);
        var options = new KernelOptions { Width = WindowSpec.FromSeconds(600, 600), Drift = WindowSpec.FromSeconds(600, 600) };
        var p = Assert.Single(run.Analyze(options).Of(MetricNames.S2Width));
        Assert.True(p.Value("n_events") >= 20_000, $"only {p.Value("n_events")} events");
        var sigma0 = run.Truth.At("sigma0_us", 600);
        var dl = run.Truth.At("diffusion_cm2_per_s", 600);
        output.WriteLine($"σ₀ = {p.Value("sigma0_us"):F4} (truth {sigma0}), D_L = {p.Value("d_l_cm2_s"):F2} (truth {dl}), n = {p.Value("n_events")}");
        Assert.True(Math.Abs(p.Value("sigma0_us") - sigma0) < 0.05 * sigma0, $"σ₀ {p.Value("sigma0_us")} vs {sigma0}");
        Assert.True(Math.Abs(p.Value("d_l_cm2_s") - dl) < 0.10 * dl, $"D_L {p.Value("d_l_cm2_s")} vs {dl}");
        Assert.InRange(p.Value("median_us"), sigma0, run.Truth.At("s2_width_at_cathode_us", 600));
    }

    [Fact]
    public void Trigger_rates_are_within_three_sigma_of_truth_in_99_percent_of_windows()
    {
        var run = SimulatedRun.Of("science", minutes: 40);
        var points = run.Analyze().Of(MetricNames.TriggerRate);
        var checkedWindows = 0;
        var outside = 0;
        foreach (var p in points)
        {
            var type = p.Tag("trigger_type")!;
            var end = run.RunSeconds(p);
            var start = Math.Max(0, end - 60);
            var truth = run.TruthMean(type == "all" ? "rate_all_hz" : $"rate_{type}_hz", start, end);
            if (truth <= 0)
            {
                continue;
            }

            checkedWindows++;
            if (Math.Abs(p.Value("hz") - truth) > 3 * p.Value("hz_err"))
            {
                outside++;
            }
        }

        Assert.True(checkedWindows > 500, $"{checkedWindows} windows");
        output.WriteLine($"{outside} of {checkedWindows} rate windows outside 3σ");
        Assert.True(outside <= 0.01 * checkedWindows, $"{outside} of {checkedWindows} windows outside 3σ");
    }

    [Fact]
    public void Live_fraction_matches_truth()
    {
        var run = SimulatedRun.Of("science", minutes: 40);
        foreach (var p in run.Analyze().Of(MetricNames.TriggerRate, "trigger_type", "all"))
        {
            var end = run.RunSeconds(p);
            Assert.Equal(run.TruthMean("live_fraction", Math.Max(0, end - 60), end), p.Value("live_fraction"), 3);
        }
    }
}

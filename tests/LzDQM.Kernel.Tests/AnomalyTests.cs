using LzDQM.Contracts.Metrics;
using LzDQM.Simulation;
using Xunit.Abstractions;

namespace LzDQM.Kernel.Tests;

/// <summary>Each anomaly scenario moves its metric by more than the metric's error after the onset, and not before.</summary>
public class AnomalyTests(ITestOutputHelper output)
{
    private static (SimulatedRun Run, List<MetricPoint> Points, double Onset) Analyze(string scenario)
    {
        var run = SimulatedRun.Of(scenario, ScenarioCatalog.Get(scenario).DefaultDuration.TotalMinutes);
        return (run, run.Analyze(), run.Truth.Anomalies[0].OnsetS);
    }

    // Windows wholly before the onset, and windows wholly after `after` run seconds.
    private static (List<MetricPoint> Before, List<MetricPoint> After) Split(SimulatedRun run, List<MetricPoint> points, double onset, double after, double windowS) =>
        (points.Where(p => run.RunSeconds(p) <= onset).ToList(),
         points.Where(p => run.RunSeconds(p) - windowS >= after).ToList());

    private void Report(string what, double before, double after, double err) =>
        output.WriteLine($"{what}: before {before:G5}, after {after:G5}, error {err:G3}");

    [Fact]
    public void Purity_loss_lowers_the_kr83m_lifetime_after_the_onset_only()
    {
        var (run, points, onset) = Analyze("purity-loss");
        var tau = points.Of(MetricNames.ElectronLifetime, "population", "kr83m");
        var (before, after) = Split(run, tau, onset, 1200, 1200);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        foreach (var p in before)
        {
            Assert.True(Math.Abs(p.Value("tau_us") - 8000) < Math.Max(3 * p.Value("tau_err_us"), 400), $"before onset τ = {p.Value("tau_us")}");
        }

        var last = after[^1];
        var first = before[^1];
        Report("τ", first.Value("tau_us"), last.Value("tau_us"), last.Value("tau_err_us"));
        Assert.True(first.Value("tau_us") - last.Value("tau_us") > 5 * Math.Sqrt(Sq(first.Value("tau_err_us")) + Sq(last.Value("tau_err_us"))));
        Assert.InRange(last.Value("tau_us"), 1800, run.Truth.At("electron_lifetime_us", 1200));
    }

    [Fact]
    public void Cathode_hv_sag_moves_the_cathode_edge_out_after_the_onset_only()
    {
        var (run, points, onset) = Analyze("cathode-hv-sag");
        var drift = points.Of(MetricNames.Drift);
        var (before, after) = Split(run, drift, onset, 900, 300);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        foreach (var p in before)
        {
            Assert.True(Math.Abs(p.Value("cathode_us") - run.Truth.At("cathode_us", 0)) < 4 * p.Value("cathode_err_us"), $"before onset cathode {p.Value("cathode_us")}");
        }

        foreach (var p in after)
        {
            var shift = p.Value("cathode_us") - before[^1].Value("cathode_us");
            Assert.True(shift > 5 * Math.Sqrt(Sq(p.Value("cathode_err_us")) + Sq(before[^1].Value("cathode_err_us"))), $"shift {shift}");
            Assert.True(Math.Abs(p.Value("cathode_us") - run.Truth.At("cathode_us", 1500)) < 4 * p.Value("cathode_err_us"), $"cathode {p.Value("cathode_us")}");
        }

        Report("cathode", before[^1].Value("cathode_us"), after[^1].Value("cathode_us"), after[^1].Value("cathode_err_us"));
    }

    [Fact]
    public void Liquid_level_rise_narrows_s2s_after_the_onset_only()
    {
        var (run, points, onset) = Analyze("liquid-level-rise");
        var width = points.Of(MetricNames.S2Width);
        var (before, after) = Split(run, width, onset, 1200, 300);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);

        // σ₀ carries no error field: its scatter between the independent pre-onset windows is the error.
        var pre = before.Where((_, i) => i % 5 == 0).Select(p => p.Value("sigma0_us")).ToList();
        var mean = before.Average(p => p.Value("sigma0_us"));
        var scatter = Math.Max(0.005, Math.Sqrt(pre.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, pre.Count - 1)));
        foreach (var p in before)
        {
            Assert.True(Math.Abs(p.Value("sigma0_us") - 0.8) < 0.04, $"before onset σ₀ {p.Value("sigma0_us")}");
        }

        foreach (var p in after)
        {
            Assert.True(mean - p.Value("sigma0_us") > 5 * scatter, $"σ₀ {p.Value("sigma0_us")} vs {mean} ± {scatter}");
        }

        Report("σ₀", mean, after[^1].Value("sigma0_us"), scatter);
    }

    [Fact]
    public void Rate_spike_raises_single_electron_and_s2_rates_during_the_burst_only()
    {
        var (run, points, onset) = Analyze("rate-spike");
        var se = points.Of(MetricNames.PulseRate, "pulse_class", "se");
        var before = se.Where(p => run.RunSeconds(p) <= onset).ToList();
        var during = se.Where(p => run.RunSeconds(p) - 60 >= onset + 1 && run.RunSeconds(p) <= 720).ToList();
        Assert.NotEmpty(before);
        Assert.NotEmpty(during);
        var baseline = before.Max(p => p.Value("hz"));
        foreach (var p in during)
        {
            var err = Math.Sqrt(p.Value("hz") * 60) / 60;
            Assert.True(p.Value("hz") > 3 * baseline && p.Value("hz") - baseline > 10 * err, $"SE rate {p.Value("hz")} vs {baseline}");
        }

        var s2 = points.Of(MetricNames.TriggerRate, "trigger_type", "s2");
        var s2Before = s2.Where(p => run.RunSeconds(p) <= onset).ToList();
        var s2During = s2.Where(p => run.RunSeconds(p) - 60 >= onset + 1 && run.RunSeconds(p) <= 720).ToList();
        foreach (var p in s2Before)
        {
            var truth = run.TruthMean("rate_s2_hz", Math.Max(0, run.RunSeconds(p) - 60), run.RunSeconds(p));
            Assert.True(Math.Abs(p.Value("hz") - truth) < 4 * p.Value("hz_err"));
        }

        foreach (var p in s2During)
        {
            Assert.True(p.Value("hz") - s2Before[^1].Value("hz") > 5 * p.Value("hz_err"));
        }

        Report("SE hz", baseline, during[^1].Value("hz"), Math.Sqrt(during[^1].Value("hz") * 60) / 60);
    }

    [Fact]
    public void Daq_stall_drops_the_trigger_rate_to_zero_during_the_stall_only()
    {
        var (run, points, onset) = Analyze("daq-stall");
        var all = points.Of(MetricNames.TriggerRate, "trigger_type", "all");
        var before = all.Where(p => run.RunSeconds(p) <= onset).ToList();
        var inside = all.Where(p => run.RunSeconds(p) - 60 >= onset && run.RunSeconds(p) <= 690).ToList();
        Assert.NotEmpty(inside);
        foreach (var p in before)
        {
            Assert.True(p.Value("hz") > 30, $"before stall {p.Value("hz")} Hz");
        }

        foreach (var p in inside)
        {
            Assert.Equal(0, p.Value("count"));
            Assert.Equal(0, p.Value("hz"));
            Assert.True(before[^1].Value("hz") > 10 * before[^1].Value("hz_err"));
        }

        Report("trigger hz", before[^1].Value("hz"), inside[^1].Value("hz"), inside[^1].Value("hz_err"));
    }

    [Fact]
    public void Deadtime_burst_drops_the_live_fraction_below_0_9_during_the_burst_only()
    {
        var (run, points, onset) = Analyze("deadtime-burst");
        var all = points.Of(MetricNames.TriggerRate, "trigger_type", "all");
        var before = all.Where(p => run.RunSeconds(p) <= onset).ToList();
        var inside = all.Where(p => run.RunSeconds(p) - 60 >= onset + 1 && run.RunSeconds(p) <= 780).ToList();
        Assert.NotEmpty(before);
        Assert.NotEmpty(inside);
        Assert.All(before, p => Assert.True(p.Value("live_fraction") > 0.99));
        Assert.All(inside, p => Assert.InRange(p.Value("live_fraction"), 0.8, 0.9));

        // The dead-time correction keeps the true trigger rate.
        Assert.All(inside, p => Assert.True(Math.Abs(p.Value("hz") - run.TruthMean("rate_all_hz", run.RunSeconds(p) - 60, run.RunSeconds(p))) < 4 * p.Value("hz_err")));
        Report("live fraction", before[^1].Value("live_fraction"), inside[^1].Value("live_fraction"), 0);
    }

    private static double Sq(double x) => x * x;
}

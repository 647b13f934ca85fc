using LzDQM.Contracts.Metrics;
using LzDQM.Simulation;
using Xunit.Abstractions;

namespace LzDQM.Kernel.Tests;

/// <summary>
/// Each anomaly scenario moves its metric by more than the metric's error after the onset, and
/// not before. Onsets, ends and values come from the scenario's truth, not from this file.
/// </summary>
public class AnomalyTests(ITestOutputHelper output)
{
    private sealed record Case(SimulatedRun Run, List<MetricPoint> Points, double Onset, double End);

    private static Case Analyze(string scenario)
    {
        var run = SimulatedRun.Of(scenario, ScenarioCatalog.Get(scenario).DefaultDuration.TotalMinutes);
        var a = run.Truth.Anomalies[0];
        return new Case(run, run.Analyze(), a.OnsetS, a.EndS ?? run.Truth.DurationS);
    }

    // Windows wholly before the onset.
    private static List<MetricPoint> Before(Case c, IEnumerable<MetricPoint> points) =>
        points.Where(p => c.Run.RunSeconds(p) <= c.Onset).ToList();

    // Windows wholly inside [from, to].
    private static List<MetricPoint> Inside(Case c, IEnumerable<MetricPoint> points, double windowS, double from, double to) =>
        points.Where(p => c.Run.RunSeconds(p) - windowS >= from && c.Run.RunSeconds(p) <= to).ToList();

    private void Report(string what, double before, double after, double err) =>
        output.WriteLine($"{what}: before {before:G5}, after {after:G5}, error {err:G3}");

    [Fact]
    public void Purity_loss_lowers_the_kr83m_lifetime_after_the_onset_only()
    {
        var c = Analyze("purity-loss");
        var tau = c.Points.Of(MetricNames.ElectronLifetime, "population", "kr83m");
        var before = Before(c, tau);
        var after = Inside(c, tau, 1200, c.Onset, c.Run.Truth.DurationS);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        var pre = c.Run.Truth.At("electron_lifetime_us", 0);
        foreach (var p in before)
        {
            Assert.True(Math.Abs(p.Value("tau_us") - pre) < Math.Max(3 * p.Value("tau_err_us"), 0.05 * pre), $"before onset τ = {p.Value("tau_us")}");
        }

        var first = before[^1];
        foreach (var p in after)
        {
            Assert.True(first.Value("tau_us") - p.Value("tau_us") > 5 * Math.Sqrt(Sq(first.Value("tau_err_us")) + Sq(p.Value("tau_err_us"))), $"after onset τ = {p.Value("tau_us")}");
        }

        var last = after[^1];
        var t = c.Run.RunSeconds(last);
        Assert.InRange(last.Value("tau_us"), 0.9 * c.Run.Truth.At("electron_lifetime_us", t), 1.1 * c.Run.Truth.At("electron_lifetime_us", t - 1200));
        Report("τ", first.Value("tau_us"), last.Value("tau_us"), last.Value("tau_err_us"));
    }

    [Fact]
    public void Cathode_hv_sag_moves_the_cathode_edge_out_after_the_onset_only()
    {
        var c = Analyze("cathode-hv-sag");
        var drift = c.Points.Of(MetricNames.Drift);
        var before = Before(c, drift);
        var settled = Settled(c, "drift_field_v_per_cm");
        var after = Inside(c, drift, 300, settled, c.Run.Truth.DurationS);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        foreach (var p in before)
        {
            Assert.True(Math.Abs(p.Value("cathode_us") - c.Run.Truth.At("cathode_us", 0)) < 4 * p.Value("cathode_err_us"), $"before onset cathode {p.Value("cathode_us")}");
        }

        foreach (var p in after)
        {
            var shift = p.Value("cathode_us") - before[^1].Value("cathode_us");
            Assert.True(shift > 5 * Math.Sqrt(Sq(p.Value("cathode_err_us")) + Sq(before[^1].Value("cathode_err_us"))), $"shift {shift}");
            var truth = c.Run.Truth.At("cathode_us", c.Run.RunSeconds(p));
            Assert.True(Math.Abs(p.Value("cathode_us") - truth) < 4 * p.Value("cathode_err_us"), $"cathode {p.Value("cathode_us")} vs {truth}");
        }

        Report("cathode", before[^1].Value("cathode_us"), after[^1].Value("cathode_us"), after[^1].Value("cathode_err_us"));
    }

    [Fact]
    public void Liquid_level_rise_narrows_s2s_after_the_onset_only()
    {
        var c = Analyze("liquid-level-rise");
        var width = c.Points.Of(MetricNames.S2Width);
        var before = Before(c, width);
        var settled = Settled(c, "liquid_level_mm");
        var after = Inside(c, width, 300, settled, c.Run.Truth.DurationS);
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);

        // σ₀ carries no error field (SPEC §3): the change must beat 5× the worst pre-onset deviation from truth.
        var sigma0 = c.Run.Truth.At("sigma0_us", 0);
        var spread = Math.Max(0.005, before.Max(p => Math.Abs(p.Value("sigma0_us") - sigma0)));
        Assert.True(spread < 0.05 * sigma0, $"pre-onset σ₀ spread {spread}");
        foreach (var p in after)
        {
            Assert.True(sigma0 - p.Value("sigma0_us") > 5 * spread, $"σ₀ {p.Value("sigma0_us")} vs {sigma0} ± {spread}");
            var truth = c.Run.Truth.At("sigma0_us", c.Run.RunSeconds(p));
            Assert.True(Math.Abs(p.Value("sigma0_us") - truth) < 0.05 * truth, $"σ₀ {p.Value("sigma0_us")} vs truth {truth}");
        }

        Report("σ₀", before[^1].Value("sigma0_us"), after[^1].Value("sigma0_us"), spread);
    }

    [Fact]
    public void Rate_spike_raises_single_electron_and_s2_rates_during_the_burst_only()
    {
        var c = Analyze("rate-spike");
        foreach (var (measurement, tag, value) in new[] { (MetricNames.PulseRate, "pulse_class", "se"), (MetricNames.PulseRate, "pulse_class", "s2"), (MetricNames.TriggerRate, "trigger_type", "s2") })
        {
            var series = c.Points.Of(measurement, tag, value);
            var before = Before(c, series);
            var during = Inside(c, series, 60, c.Onset + 1, c.End);
            Assert.NotEmpty(before);
            Assert.NotEmpty(during);
            var baseline = before.Max(p => p.Value("hz"));
            foreach (var p in during)
            {
                // Pulse rates carry no error field: the Poisson error of a 60 s window.
                var err = p.Field("hz_err")?.AsDouble() ?? Math.Sqrt(p.Value("hz") / 60);
                Assert.True(p.Value("hz") > 3 * baseline && p.Value("hz") - baseline > 10 * err, $"{value} rate {p.Value("hz")} vs {baseline}");
            }

            Report($"{measurement} {value} hz", baseline, during[^1].Value("hz"), during[^1].Field("hz_err")?.AsDouble() ?? Math.Sqrt(during[^1].Value("hz") / 60));
        }

        foreach (var p in Before(c, c.Points.Of(MetricNames.TriggerRate, "trigger_type", "s2")))
        {
            var end = c.Run.RunSeconds(p);
            var truth = c.Run.TruthMean("rate_s2_hz", Math.Max(0, end - 60), end);
            Assert.True(Math.Abs(p.Value("hz") - truth) < 4 * p.Value("hz_err"), $"before onset {p}");
        }
    }

    [Fact]
    public void Daq_stall_drops_the_trigger_rate_to_zero_during_the_stall_only()
    {
        var c = Analyze("daq-stall");
        var all = c.Points.Of(MetricNames.TriggerRate, "trigger_type", "all");
        var before = Before(c, all);
        var inside = Inside(c, all, 60, c.Onset, c.End);
        Assert.NotEmpty(before);
        Assert.NotEmpty(inside);
        foreach (var p in before)
        {
            var end = c.Run.RunSeconds(p);
            Assert.True(Math.Abs(p.Value("hz") - c.Run.TruthMean("rate_all_hz", Math.Max(0, end - 60), end)) < 4 * p.Value("hz_err"), $"before stall {p}");
        }

        foreach (var p in inside)
        {
            Assert.Equal(0, p.Value("count"));
            Assert.Equal(0, p.Value("hz"));
        }

        Assert.True(before[^1].Value("hz") > 10 * before[^1].Value("hz_err"));
        Report("trigger hz", before[^1].Value("hz"), inside[^1].Value("hz"), inside[^1].Value("hz_err"));
    }

    [Fact]
    public void Deadtime_burst_lowers_the_live_fraction_during_the_burst_only()
    {
        var c = Analyze("deadtime-burst");
        var all = c.Points.Of(MetricNames.TriggerRate, "trigger_type", "all");
        var before = Before(c, all);
        var inside = Inside(c, all, 60, c.Onset + 1, c.End);
        Assert.NotEmpty(before);
        Assert.NotEmpty(inside);
        Assert.All(before, p => Assert.True(p.Value("live_fraction") > 0.99, $"{p}"));
        foreach (var p in inside)
        {
            var end = c.Run.RunSeconds(p);
            var truth = c.Run.TruthMean("live_fraction", end - 60, end);
            Assert.True(truth < 0.95, $"truth live fraction {truth}");
            // The dead time is a sum over Poisson-many triggers: its relative error is 1/√count.
            Assert.True(Math.Abs(truth - p.Value("live_fraction")) < 4 * (1 - truth) / Math.Sqrt(p.Value("count")), $"live fraction {p.Value("live_fraction")} vs {truth}");

            // The dead-time correction keeps the true trigger rate.
            Assert.True(Math.Abs(p.Value("hz") - c.Run.TruthMean("rate_all_hz", end - 60, end)) < 4 * p.Value("hz_err"), $"{p}");
        }

        Report("live fraction", before[^1].Value("live_fraction"), inside[^1].Value("live_fraction"), 0);
    }

    private static double Sq(double x) => x * x;

    // The run second after which a truth parameter no longer changes.
    private static double Settled(Case c, string parameter)
    {
        var end = c.Run.Truth.DurationS;
        var final = c.Run.Truth.At(parameter, end);
        var t = end;
        while (t > 0 && c.Run.Truth.At(parameter, t - 1) == final)
        {
            t -= 1;
        }

        return t;
    }
}

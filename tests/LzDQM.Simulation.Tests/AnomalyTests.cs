using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Tests;

/// <summary>Each anomaly scenario, simulated over its full default length: visible after its onset, not before.</summary>
public class AnomalyTests
{
    private static SimulatedRun Full(string name) =>
        SimulatedRun.Of(name, ScenarioCatalog.Get(name).DefaultDuration.TotalSeconds);

    private static double Onset(SimulatedRun run) => Assert.Single(run.Truth.Anomalies).OnsetS;

    [Fact]
    public void Purity_loss_lowers_the_Kr83m_lifetime_after_its_onset_only()
    {
        var run = Full("purity-loss");
        var onset = Onset(run);
        var before = Fits.Lifetime(run.Between(0, onset));
        var after = Fits.Lifetime(run.Between(1500, 2400));
        Assert.True(Math.Abs(before.Tau - 8000) < 3 * before.Err, $"before onset τ = {before.Tau:0} ± {before.Err:0}, truth 8000");
        Assert.True(Math.Abs(after.Tau - 2000) < 3 * after.Err, $"after the fall τ = {after.Tau:0} ± {after.Err:0}, truth 2000");

        // Half-way down the ramp the lifetime is the truth's value there (time-weighted over the minute).
        var mid = Fits.Lifetime(run.Between(870, 930));
        var truthMid = run.Truth.At("electron_lifetime_us", 900);
        Assert.True(Math.Abs(mid.Tau - truthMid) < 3 * mid.Err + (0.02 * truthMid), $"at 900 s τ = {mid.Tau:0} ± {mid.Err:0}, truth {truthMid}");
    }

    [Fact]
    public void Cathode_hv_sag_moves_the_cathode_edge_out_by_more_than_five_percent()
    {
        var run = Full("cathode-hv-sag");
        var onset = Onset(run);
        double Edge(double from, double to) => run.Between(from, to)
            .Select(e => e.SingleScatter()).Where(s => s is not null).Max(s => s!.Value.S2.Start - s.Value.S1.Start);
        var before = Edge(0, onset);
        var after = Edge(onset + 300, run.Truth.DurationS);
        Assert.InRange(before, run.Truth.At(TruthParameters.CathodeUs, 0) - 3, run.Truth.At(TruthParameters.CathodeUs, 0) + 0.02);
        Assert.InRange(after, run.Truth.At(TruthParameters.CathodeUs, 1200) - 3, run.Truth.At(TruthParameters.CathodeUs, 1200) + 0.02);
        Assert.True(after > 1.05 * before, $"cathode edge {before:0.0} → {after:0.0} µs");
    }

    [Fact]
    public void Liquid_level_rise_narrows_and_shrinks_S2s_after_its_onset()
    {
        var run = Full("liquid-level-rise");
        var onset = Onset(run);
        (double Sigma0, double Se) Measure(double from, double to)
        {
            var events = run.Between(from, to).ToList();
            var points = events.Select(e => e.SingleScatter()).Where(s => s is { } v && v.S2.Area > 2000)
                .Select(s => ((double)s!.Value.S2.Start - s.Value.S1.Start, (double)s.Value.S2.Width * s.Value.S2.Width));
            var fit = Fits.Line(Fits.BinnedMeans(points, 20, 940, 10));
            var se = events.SelectMany(e => e.Pulses).Where(p => p.Class == PulseClass.Se).Average(p => p.Area);
            return (Math.Sqrt(fit.A), se);
        }

        var before = Measure(0, onset);
        var after = Measure(onset + 300, run.Truth.DurationS);
        Assert.InRange(before.Sigma0, 0.95 * 0.8, 1.05 * 0.8);
        Assert.InRange(after.Sigma0, 0.95 * run.Truth.At(TruthParameters.Sigma0Us, 900), 1.05 * run.Truth.At(TruthParameters.Sigma0Us, 900));
        Assert.InRange(after.Se / before.Se, 0.86, 0.90);
    }

    [Fact]
    public void Rate_spike_multiplies_S2_and_SE_pulse_rates_by_ten_for_two_minutes()
    {
        var run = Full("rate-spike");
        var onset = Onset(run);
        (double S2, double Se) PulseRates(double from, double to)
        {
            var pulses = run.Between(from, to).SelectMany(e => e.Pulses).ToList();
            return (pulses.Count(p => p.Class == PulseClass.S2) / (to - from), pulses.Count(p => p.Class == PulseClass.Se) / (to - from));
        }

        var baseline = PulseRates(0, onset);
        var spike = PulseRates(onset + 2, onset + 118);
        var after = PulseRates(onset + 125, run.Truth.DurationS);
        Assert.InRange(spike.S2 / baseline.S2, 9, 11);
        Assert.InRange(spike.Se / baseline.Se, 9, 11);
        Assert.InRange(after.S2 / baseline.S2, 0.9, 1.1);
        Assert.InRange(after.Se / baseline.Se, 0.9, 1.1);

        // Not before the onset: the two halves of the baseline agree.
        var early = PulseRates(0, onset / 2);
        var late = PulseRates(onset / 2, onset);
        Assert.InRange(late.S2 / early.S2, 0.9, 1.1);
        Assert.InRange(late.Se / early.Se, 0.9, 1.1);
    }

    [Fact]
    public void Daq_stall_leaves_a_90_second_gap_with_no_data()
    {
        var run = Full("daq-stall");
        var onset = Onset(run);
        var gaps = run.Events.Zip(run.Events.Skip(1), (a, b) => (From: run.Seconds(a), Length: (b.TimeNs - a.TimeNs) * 1e-9)).OrderByDescending(g => g.Length).ToList();
        Assert.InRange(gaps[0].Length, 89.5, 90.5);
        Assert.InRange(gaps[0].From, onset - 2, onset);
        Assert.True(gaps[1].Length < 2, $"second-largest gap {gaps[1].Length:0.0} s");
        Assert.DoesNotContain(run.Records, r => run.Truth.RunSeconds(r.TimeNs) > onset && run.Truth.RunSeconds(r.TimeNs) < onset + 90);

        // The first trigger after the stall reports the stall as dead time, saturated at 2³²−1 ns.
        var first = run.Events.First(e => run.Seconds(e) > onset + 90);
        Assert.Equal(uint.MaxValue, first.DeadtimeNs);
    }

    [Fact]
    public void Deadtime_burst_drops_the_live_fraction_below_ninety_percent()
    {
        var run = Full("deadtime-burst");
        var anomaly = Assert.Single(run.Truth.Anomalies);
        double Live(double from, double to)
        {
            // Dead time reported by a trigger belongs to the interval before it.
            var dead = run.Between(from, to).Sum(e => (double)e.DeadtimeNs) * 1e-9;
            return 1 - (dead / (to - from));
        }

        var before = Live(10, anomaly.OnsetS);
        var during = Live(anomaly.OnsetS + 5, anomaly.EndS!.Value - 5);
        var after = Live(anomaly.EndS!.Value + 5, run.Truth.DurationS);
        Assert.True(before > 0.99, $"live fraction before {before:0.000}");
        Assert.True(during < 0.9, $"live fraction during {during:0.000}");
        Assert.InRange(during, run.Truth.At(TruthParameters.LiveFraction, 400) - 0.01, run.Truth.At(TruthParameters.LiveFraction, 400) + 0.01);
        Assert.True(after > 0.99, $"live fraction after {after:0.000}");
    }

    [Theory]
    [InlineData("science")]
    [InlineData("kr83m-calibration")]
    public void Clean_scenarios_declare_no_anomaly(string name) =>
        Assert.Empty(ScenarioCatalog.Get(name).Anomalies);
}

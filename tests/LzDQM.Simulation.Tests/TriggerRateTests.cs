using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Tests;

public class TriggerRateTests
{
    // Expected recorded triggers of the types in [from, to): ∫ physical rate × live fraction dt.
    private static double Expected(ScenarioTruth truth, string rate, double from, double to)
    {
        var sum = 0.0;
        const double step = 0.5;
        for (var t = from + (step / 2); t < to; t += step)
        {
            sum += truth.At(rate, t) * truth.At(TruthParameters.LiveFraction, t) * step;
        }

        return sum;
    }

    private static Dictionary<TriggerType, long[]> CountPerBin(DetectorSimulator sim, double binS, int bins)
    {
        var counts = Enum.GetValues<TriggerType>().ToDictionary(t => t, _ => new long[bins]);
        sim.ForEachChunk(c =>
        {
            for (var i = 0; i < c.EventCount; i++)
            {
                var bin = (int)(sim.Truth.RunSeconds(c.TriggerTimeNs[i]) / binS);
                counts[c.TriggerType[i]][Math.Min(bin, bins - 1)]++;
            }
        });
        return counts;
    }

    [Fact]
    public void Trigger_rates_per_type_match_the_scenario_within_Poisson_error()
    {
        var sim = new DetectorSimulator(ScenarioCatalog.Get("science"), 11, TimeSpan.FromMinutes(20));
        var counts = CountPerBin(sim, 1200, 1);
        foreach (var (type, tag) in new[] { (TriggerType.S2, "s2"), (TriggerType.S1, "s1"), (TriggerType.Random, "random") })
        {
            var expected = Expected(sim.Truth, TruthParameters.RateOfTriggerType(tag), 0, 1200);
            var observed = counts[type][0];
            Assert.True(expected > 500, $"{tag}: scenario rate too low to test ({expected})");
            Assert.True(Math.Abs(observed - expected) < 4 * Math.Sqrt(expected), $"{tag}: observed {observed}, expected {expected:0} ± {Math.Sqrt(expected):0}");
        }

        Assert.Equal(0, counts[TriggerType.Led][0] + counts[TriggerType.External][0] + counts[TriggerType.Unspecified][0]);
    }

    [Fact]
    public void Kr83m_trigger_rate_decays_with_its_half_life()
    {
        var sim = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), 12, TimeSpan.FromHours(1));
        const int bins = 12;
        var counts = CountPerBin(sim, 300, bins)[TriggerType.S2];
        var chi2 = 0.0;
        for (var i = 0; i < bins; i++)
        {
            var expected = Expected(sim.Truth, TruthParameters.RateS2Hz, i * 300, (i + 1) * 300);
            var pull = (counts[i] - expected) / Math.Sqrt(expected);
            Assert.True(Math.Abs(pull) < 4, $"bin {i}: observed {counts[i]}, expected {expected:0} (pull {pull:0.0})");
            chi2 += pull * pull;
        }

        Assert.True(chi2 / bins < 2.5, $"χ²/ndf {chi2 / bins:0.00} against the decaying rate");

        // The decay itself: Kr counts (S2 triggers minus the flat background) fall as 2^(−Δt/T½).
        var background = Expected(sim.Truth, TruthParameters.RateS2Hz, 0, 300) - Expected(sim.Truth, TruthParameters.Kr83mRateHz, 0, 300);
        var ratio = (counts[^1] - background) / (counts[0] - background);
        var truthRatio = Math.Pow(2, -3300 / (1.83 * 3600));
        Assert.InRange(ratio, truthRatio - 0.02, truthRatio + 0.02);
    }

    [Fact]
    public void Dead_time_column_reports_the_dead_time_after_the_previous_trigger()
    {
        var run = SimulatedRun.Of("science", 600);
        Assert.Equal(0u, run.Events[0].DeadtimeNs);
        Assert.All(run.Events.Skip(1), e => Assert.Equal(50_000u, e.DeadtimeNs));

        // Non-paralysable: no recorded trigger within 50 µs of the previous one.
        var gaps = run.Events.Zip(run.Events.Skip(1), (a, b) => b.TimeNs - a.TimeNs);
        Assert.True(gaps.Min() >= 50_000);
        var live = 1 - (run.Events.Sum(e => (double)e.DeadtimeNs) / 600e9);
        Assert.InRange(live, run.Truth.At(TruthParameters.LiveFraction, 300) - 0.0005, run.Truth.At(TruthParameters.LiveFraction, 300) + 0.0005);
    }
}

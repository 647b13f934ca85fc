namespace LzDQM.Simulation.Tests;

public sealed class TruthFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lzdqm-truth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Truth_round_trips_through_its_file_and_interpolates_linearly()
    {
        var truth = new DetectorSimulator(ScenarioCatalog.Get("purity-loss"), 4).Truth;
        var path = Path.Combine(_dir, "x.truth.json");
        truth.Write(path);
        var read = ScenarioTruth.Read(path);
        Assert.Equal(truth.ToJson(), read.ToJson());
        Assert.Equal(ScenarioTruth.FormatId, read.Format);
        Assert.Equal(8000, read.At("electron_lifetime_us", 100));
        Assert.Equal(5000, read.At("electron_lifetime_us", 900), 6);
        Assert.Equal(2000, read.At("electron_lifetime_us", 2000));
        var anomaly = Assert.Single(read.Anomalies);
        Assert.Equal("dqm_electron_lifetime.tau_us", anomaly.Metric);
        Assert.Equal(read.StartTimeNs + 300_000_000_000, anomaly.OnsetTimeNs);
        Assert.True(anomaly.OnsetInRun);
    }

    [Fact]
    public void Truth_file_is_plain_JSON_with_knot_lists_any_tool_can_read()
    {
        var truth = new DetectorSimulator(ScenarioCatalog.Get("cathode-hv-sag"), 4).Truth;
        using var doc = System.Text.Json.JsonDocument.Parse(truth.ToJson());
        var root = doc.RootElement;
        Assert.Equal("lzdqm-truth/1", root.GetProperty("format").GetString());
        Assert.Equal(7004u, root.GetProperty("run").GetUInt32());
        foreach (var name in new[] { "electron_lifetime_us", "drift_velocity_mm_per_us", "gate_us", "cathode_us", "sigma0_us", "diffusion_cm2_per_s",
                     "g2_phd_per_electron", "extraction_efficiency", "rate_s2_hz", "rate_s1_hz", "rate_random_hz", "rate_all_hz", "kr83m_rate_hz",
                     "se_baseline_per_event", "se_train_per_electron", "deadtime_per_trigger_us", "live_fraction" })
        {
            var knots = root.GetProperty("parameters").GetProperty(name);
            Assert.True(knots.GetArrayLength() >= 1, name);
            Assert.All(knots.EnumerateArray(), k => Assert.Equal(2, k.GetArrayLength()));
        }

        // Derived, non-linear quantities are sampled finely enough to interpolate to 10⁻⁴.
        for (var t = 0.0; t <= truth.DurationS; t += 7.3)
        {
            var exact = Physics.DetectorConditions.At(ScenarioCatalog.Get("cathode-hv-sag"), t);
            Assert.Equal(exact.CathodeUs, truth.At(TruthParameters.CathodeUs, t), 0.1);
            Assert.Equal(exact.DriftVelocityMmPerUs, truth.At(TruthParameters.DriftVelocityMmPerUs, t), 1e-4);
        }

        Assert.InRange(truth.At(TruthParameters.CathodeUs, truth.DurationS) / truth.At(TruthParameters.CathodeUs, 0), 1.05, 1.12);
    }

    [Fact]
    public void Truth_sits_beside_the_replay()
    {
        Assert.Equal(Path.Combine("a", "b", "run.truth.json"), ScenarioTruth.PathFor(Path.Combine("a", "b", "run.lzr")));
        Assert.Equal("run.bin.truth.json", ScenarioTruth.PathFor("run.bin"));
    }
}

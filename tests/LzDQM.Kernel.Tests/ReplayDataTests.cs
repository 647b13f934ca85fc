using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Simulation;

namespace LzDQM.Kernel.Tests;

/// <summary>The kernel over the committed replay-data files, against their truth files.</summary>
public class ReplayDataTests
{
    private static string Dir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "replay-data");
            if (File.Exists(Path.Combine(candidate, "science.lzr")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("replay-data/ with science.lzr not found above " + AppContext.BaseDirectory + " (run replay-data/regenerate.sh)");
    }

    private static (List<MetricPoint> Points, ScenarioTruth Truth) Analyze(string name)
    {
        var path = Path.Combine(Dir(), name + ".lzr");
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        using var reader = ReplayFileReader.Open(path);
        foreach (var r in reader.ReadAll())
        {
            kernel.OnRecord(r);
        }

        return (points, ScenarioTruth.Read(ScenarioTruth.PathFor(path)));
    }

    [Theory]
    [InlineData("science")]
    [InlineData("kr83m-calibration")]
    [InlineData("purity-loss")]
    [InlineData("cathode-hv-sag")]
    [InlineData("liquid-level-rise")]
    [InlineData("rate-spike")]
    [InlineData("daq-stall")]
    [InlineData("deadtime-burst")]
    public void Every_replay_file_gives_finite_points_ending_at_its_run_stop(string name)
    {
        var (points, truth) = Analyze(name);
        Assert.NotEmpty(points);
        Assert.Equal(truth.EndTimeNs, points.Max(p => p.TimestampNs));
        Assert.All(points, p => Assert.All(p.Fields, f => Assert.True(f.Kind != MetricFieldKind.Double || double.IsFinite(f.DoubleValue))));
        Assert.All(points, p => Assert.Equal(truth.Run.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Tag("run")));
    }

    [Fact]
    public void The_kr83m_calibration_file_gives_its_true_lifetime_edges_and_width()
    {
        var (points, truth) = Analyze("kr83m-calibration");
        var tau = points.Of(MetricNames.ElectronLifetime, "population", "kr83m")[^1];
        var tauTruth = truth.At("electron_lifetime_us", 60);
        Assert.True(tau.Value("n_events") > 15_000);
        Assert.True(Math.Abs(tau.Value("tau_us") - tauTruth) < Math.Max(0.05 * tauTruth, 3 * tau.Value("tau_err_us")), $"{tau}");

        var drift = points.Of(MetricNames.Drift)[^1];
        Assert.True(Math.Abs(drift.Value("cathode_us") - truth.At("cathode_us", 60)) < 0.005 * truth.At("cathode_us", 60), $"{drift}");
        Assert.True(Math.Abs(drift.Value("drift_velocity_mm_us") - truth.At("drift_velocity_mm_per_us", 60)) < 0.01 * truth.At("drift_velocity_mm_per_us", 60), $"{drift}");

        var width = points.Of(MetricNames.S2Width)[^1];
        Assert.True(Math.Abs(width.Value("sigma0_us") - truth.At("sigma0_us", 60)) < 0.05 * truth.At("sigma0_us", 60), $"{width}");
        Assert.True(Math.Abs(width.Value("d_l_cm2_s") - truth.At("diffusion_cm2_per_s", 60)) < 0.10 * truth.At("diffusion_cm2_per_s", 60), $"{width}");
    }

    [Theory]
    [InlineData("purity-loss", MetricNames.ElectronLifetime, "tau_us", -1)]
    [InlineData("cathode-hv-sag", MetricNames.Drift, "cathode_us", +1)]
    [InlineData("liquid-level-rise", MetricNames.S2Width, "sigma0_us", -1)]
    public void Each_anomaly_file_moves_its_metric_after_the_onset(string name, string measurement, string field, int direction)
    {
        var (points, truth) = Analyze(name);
        var series = points.Of(measurement).Where(p => p.Tag("population") is null or "kr83m").ToList();
        var onset = truth.Anomalies[0].OnsetTimeNs;
        var before = series.Where(p => p.TimestampNs <= onset).ToList();
        Assert.NotEmpty(before);
        var last = series[^1];
        var baseline = before[^1].Value(field);
        var err = last.Field(field.Replace("_us", "_err_us", StringComparison.Ordinal))?.AsDouble() ?? 0.01 * baseline;
        Assert.True(direction * (last.Value(field) - baseline) > 5 * err, $"{field}: before {baseline}, last {last.Value(field)} ± {err}");
    }
}

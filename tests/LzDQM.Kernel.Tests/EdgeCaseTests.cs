using Google.Protobuf;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using LzDQM.Simulation;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Kernel.Tests;

public class EdgeCaseTests
{
    private const long T0 = 1_772_000_000_000_000_000; // a whole minute

    private static RunControl Control(uint run, long t, RunControl.Types.Transition tr, RunMode mode = RunMode.Science) =>
        new() { Run = run, TimeNs = t, Transition = tr, Mode = mode };

    private static void AssertFinite(IEnumerable<MetricPoint> points)
    {
        foreach (var p in points)
        {
            foreach (var f in p.Fields)
            {
                Assert.True(f.Kind != MetricFieldKind.Double || double.IsFinite(f.DoubleValue), $"{p}");
            }

            var line = p.ToString();
            Assert.DoesNotContain("NaN", line, StringComparison.Ordinal);
            Assert.DoesNotContain("∞", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_run_without_data_writes_zero_rates_and_no_physics_points()
    {
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        kernel.OnRunControl(Control(5, T0, RunControl.Types.Transition.Start));
        kernel.OnRunControl(Control(5, T0 + 25_000_000_000, RunControl.Types.Transition.Stop));

        var rates = points.Of(MetricNames.TriggerRate, "trigger_type", "all");
        Assert.Equal([T0 + 10_000_000_000, T0 + 20_000_000_000, T0 + 25_000_000_000], rates.Select(p => p.TimestampNs));
        Assert.All(rates, p => Assert.Equal(0, p.Value("count")));
        Assert.All(rates, p => Assert.Equal(0, p.Value("hz")));
        Assert.All(rates, p => Assert.Equal(1, p.Value("live_fraction")));
        Assert.DoesNotContain(points, p => p.Measurement is MetricNames.ElectronLifetime or MetricNames.Drift or MetricNames.S2Width);
        AssertFinite(points);
    }

    [Fact]
    public void A_single_event_counts_once_and_gives_no_physics_point()
    {
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        var t = T0 + 3_000_000_000;
        kernel.OnRunControl(Control(6, T0, RunControl.Types.Transition.Start, RunMode.Kr83M));
        kernel.OnTriggerChunk(new TriggerChunk { Run = 6, Event = { 1 }, TriggerTimeNs = { t }, TriggerType = { TriggerType.S2 }, DeadtimeNs = { 1000 } }.ToByteArray());
        kernel.OnPulseChunk(new PulseChunk
        {
            Run = 6, Event = { 1 }, TriggerTimeNs = { t }, PulseCount = { 2 },
            PulseClass = { PulseClass.S1, PulseClass.S2 }, AreaPhd = { 200, 60000 }, StartUs = { -500, 0 },
            RmsWidthUs = { 0.1f, 1.2f }, TopFraction = { 0.4f, 0.66f }, Coincidence = { 100, 250 },
        }.ToByteArray());
        kernel.OnRunControl(Control(6, T0 + 5_000_000_000, RunControl.Types.Transition.Stop));

        var s2 = Assert.Single(points.Of(MetricNames.TriggerRate, "trigger_type", "s2"));
        Assert.Equal(1, s2.Value("count"));
        Assert.Equal(T0 + 5_000_000_000, s2.TimestampNs);
        Assert.Equal(1 / (5 * (1 - (1000 / 5e9))), s2.Value("hz"), 9);
        Assert.Equal(1, Assert.Single(points.Of(MetricNames.PulseRate, "pulse_class", "s2")).Value("per_event"));
        Assert.DoesNotContain(points, p => p.Measurement is MetricNames.ElectronLifetime or MetricNames.Drift or MetricNames.S2Width);
        AssertFinite(points);
    }

    [Fact]
    public void A_run_of_only_random_triggers_gives_rates_but_no_physics()
    {
        var quiet = new Dictionary<string, PiecewiseLinear>();
        foreach (var p in new[]
        {
            ScenarioParameter.ErSingleHz, ScenarioParameter.ErMultipleHz, ScenarioParameter.NrSingleHz, ScenarioParameter.S2OnlyHz,
            ScenarioParameter.BelowCathodeS1Hz, ScenarioParameter.LedTriggerHz, ScenarioParameter.ExternalTriggerHz,
        })
        {
            quiet[p] = PiecewiseLinear.Constant(0);
        }

        quiet[ScenarioParameter.RandomTriggerHz] = PiecewiseLinear.Constant(5);
        var scenario = new Scenario("randoms", "test: random triggers only", 9201, RunMode.Science,
            new DateTimeOffset(2026, 3, 21, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5), quiet);
        var run = SimulatedRun.Of(scenario, minutes: 5);
        var points = run.Analyze();

        var random = points.Of(MetricNames.TriggerRate, "trigger_type", "random");
        Assert.True(random.Count >= 30);
        Assert.All(random.Skip(6), p => Assert.True(Math.Abs(p.Value("hz") - 5) < 4 * p.Value("hz_err"), $"{p}"));
        Assert.All(points.Of(MetricNames.TriggerRate, "trigger_type", "s2"), p => Assert.Equal(0, p.Value("count")));
        Assert.NotEmpty(points.Of(MetricNames.PulseRate, "pulse_class", "spe"));
        Assert.DoesNotContain(points, p => p.Measurement is MetricNames.ElectronLifetime or MetricNames.Drift or MetricNames.S2Width);
        AssertFinite(points);
    }

    [Theory]
    [InlineData("science", 10.0)]
    [InlineData("kr83m-calibration", 10.0)]
    [InlineData("purity-loss", 0.0)]
    [InlineData("cathode-hv-sag", 0.0)]
    [InlineData("liquid-level-rise", 0.0)]
    [InlineData("rate-spike", 0.0)]
    [InlineData("daq-stall", 0.0)]
    [InlineData("deadtime-burst", 0.0)]
    public void Every_scenario_gives_finite_points_for_every_family(string scenario, double minutes)
    {
        // 0 = the scenario's own duration (shared with the anomaly tests).
        var run = SimulatedRun.Of(scenario, minutes > 0 ? minutes : ScenarioCatalog.Get(scenario).DefaultDuration.TotalMinutes);
        var points = run.Analyze();
        AssertFinite(points);
        if (run.Scenario.RunMode == RunMode.Kr83M)
        {
            Assert.NotEmpty(points.Of(MetricNames.ElectronLifetime, "population", "kr83m"));
        }

        Assert.NotEmpty(points.Of(MetricNames.Drift));
        Assert.NotEmpty(points.Of(MetricNames.S2Width));

        // The STOP closes the last partial windows at the stop time.
        Assert.Equal(run.Truth.EndTimeNs, points.Max(p => p.TimestampNs));
        Assert.Equal(points.Count, points.Select(p => p.ToString()).Distinct().Count());
    }

    [Fact]
    public void Data_after_a_run_stop_is_dropped_and_counted()
    {
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        kernel.OnRunControl(Control(7, T0, RunControl.Types.Transition.Start));
        kernel.OnRunControl(Control(7, T0 + 1_000_000_000, RunControl.Types.Transition.Stop));
        var before = points.Count;
        kernel.OnTriggerChunk(new TriggerChunk { Run = 7, Event = { 1 }, TriggerTimeNs = { T0 + 2_000_000_000 }, TriggerType = { TriggerType.S2 }, DeadtimeNs = { 0 } }.ToByteArray());
        Assert.Equal(before, points.Count);
        Assert.Equal(1, kernel.AfterStopEvents);
    }

    [Fact]
    public void Bad_chunks_are_refused_whole_and_the_stream_goes_on_unchanged()
    {
        var run = SimulatedRun.Of("science", 3);
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        var pulses = run.Records.Where(r => r.Topic == Contracts.ReplayFiles.ReplayTopic.Pulses).ToList();
        var refused = 0;
        foreach (var r in run.Records)
        {
            if (r == pulses[10] || r == pulses[20] || r == pulses[30])
            {
                var bad = PulseChunk.Parser.ParseFrom(r.Value);
                if (r == pulses[10])
                {
                    bad.AreaPhd[0] = float.NaN;
                }
                else if (r == pulses[20])
                {
                    bad.AreaPhd[1] = -5;
                }
                else
                {
                    (bad.TriggerTimeNs[0], bad.TriggerTimeNs[1]) = (bad.TriggerTimeNs[1], bad.TriggerTimeNs[0] - 1);
                }

                refused += Assert.Throws<InvalidDataException>(() => kernel.OnPulseChunk(bad.ToByteArray())) is not null ? 1 : 0;
            }

            if (r == pulses[40])
            {
                // A chunk from the past is refused too.
                refused += Assert.Throws<InvalidDataException>(() => kernel.OnRecord(pulses[5])) is not null ? 1 : 0;
            }

            kernel.OnRecord(r);
        }

        Assert.Equal(4, refused);
        Assert.Equal(LineProtocol.FormatSorted(run.Analyze()), LineProtocol.FormatSorted(points));
    }

    [Fact]
    public void Runs_are_kept_apart()
    {
        var a = SimulatedRun.Of("science", 10);
        var b = SimulatedRun.Of("kr83m-calibration", 10);
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        foreach (var r in a.Records.Concat(b.Records))
        {
            kernel.OnRecord(r);
        }

        Assert.Equal(LineProtocol.FormatSorted(a.Analyze().Concat(b.Analyze())), LineProtocol.FormatSorted(points));
        Assert.DoesNotContain(points, p => p.Tag("run") == a.Scenario.Run.ToString(System.Globalization.CultureInfo.InvariantCulture) && p.Tag("population") == "kr83m");
    }
}

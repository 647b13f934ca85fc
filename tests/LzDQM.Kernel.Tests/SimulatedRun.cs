using System.Collections.Concurrent;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Kernel;
using LzDQM.Simulation;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Kernel.Tests;

/// <summary>Simulated runs shared between tests (simulation is deterministic, so caching is safe).</summary>
internal sealed record SimulatedRun(IReadOnlyList<ReplayRecord> Records, ScenarioTruth Truth, Scenario Scenario)
{
    private static readonly ConcurrentDictionary<string, Lazy<SimulatedRun>> Cache = new();

    public static SimulatedRun Of(string scenario, double minutes, ulong seed = 1) =>
        Of(ScenarioCatalog.Get(scenario), minutes, seed);

    public static SimulatedRun Of(Scenario scenario, double minutes, ulong seed = 1) =>
        Cache.GetOrAdd($"{scenario.Name}/{scenario.Run}/{minutes}/{seed}", _ => new Lazy<SimulatedRun>(() =>
        {
            var sim = new DetectorSimulator(scenario, seed, TimeSpan.FromMinutes(minutes));
            return new SimulatedRun(sim.Records().ToList(), sim.Truth, scenario);
        })).Value;

    /// <summary>A Kr-83m run with constant conditions, starting on a whole hour.</summary>
    public static Scenario Kr83m(string name, uint run, double krHz, double tauUs = 6500) => new(
        name, "test: constant conditions with Kr-83m", run, RunMode.Kr83M,
        new DateTimeOffset(2026, 3, 20, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1),
        new Dictionary<string, PiecewiseLinear> { [ScenarioParameter.ElectronLifetimeUs] = PiecewiseLinear.Constant(tauUs) },
        new Kr83mSource(krHz, HalfLifeS: 1e9));

    public List<MetricPoint> Analyze(KernelOptions? options = null)
    {
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(options ?? new KernelOptions(), points);
        foreach (var r in Records)
        {
            kernel.OnRecord(r);
        }

        return points;
    }

    public double RunSeconds(MetricPoint p) => Truth.RunSeconds(p.TimestampNs);

    /// <summary>Mean of a truth parameter over run seconds [from, to).</summary>
    public double TruthMean(string parameter, double from, double to)
    {
        const int samples = 200;
        double sum = 0;
        for (var i = 0; i < samples; i++)
        {
            sum += Truth.At(parameter, from + ((to - from) * (i + 0.5) / samples));
        }

        return sum / samples;
    }
}

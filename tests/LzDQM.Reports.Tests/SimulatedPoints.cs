using LzDQM.Contracts.Metrics;
using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Reports.Tests;

/// <summary>A short simulated run through the kernel, as <c>lzdqm analyze</c> computes it.</summary>
public static class SimulatedPoints
{
    public static (List<MetricPoint> Points, ScenarioTruth Truth) Of(string scenario, TimeSpan duration, ulong seed = 1)
    {
        var simulator = new DetectorSimulator(ScenarioCatalog.Get(scenario), seed, duration);
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        foreach (var record in simulator.Records())
        {
            kernel.OnRecord(record);
        }

        return (points, simulator.Truth);
    }
}

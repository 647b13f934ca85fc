using BenchmarkDotNet.Attributes;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;
using LzDQM.Simulation;

namespace LzDQM.Benchmarks;

/// <summary>
/// Kernel throughput on realistic chunks (two minutes of the kr83m-calibration scenario: its real
/// mix of S1, S2, SE, SPE pulses), against a baseline that reads every kernel pulse column once
/// (the memory-bound limit); the cost of closing one window of all four families; and two
/// partitions folding in parallel. Pulses per second = <see cref="Pulses"/> / mean time.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private readonly KernelOptions _options = new();
    private List<byte[]> _pulseBytes = [];
    private List<byte[]> _triggerBytes = [];
    private List<PulseColumns> _pulses = [];
    private List<TriggerColumns> _triggers = [];
    private RunAnalysis _one = null!;
    private RunAnalysis _two = null!;
    private RunAnalysis _full = null!;
    private readonly PulseColumns _scratchPulses = new();
    private readonly TriggerColumns _scratchTriggers = new();
    private readonly PulseColumns _scratchPulses2 = new();
    private readonly TriggerColumns _scratchTriggers2 = new();
    private readonly List<MetricPoint> _points = [];

    /// <summary>Pulses in one pass over the chunk set.</summary>
    public static long Pulses { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var scenario = ScenarioCatalog.Get("kr83m-calibration");
        var sim = new DetectorSimulator(scenario, 1, TimeSpan.FromMinutes(2));
        foreach (var r in sim.Records())
        {
            if (r.Topic == ReplayTopic.Pulses)
            {
                _pulseBytes.Add(r.Value);
                var c = new PulseColumns();
                PulseColumnReader.Read(r.Value, c);
                _pulses.Add(c);
            }
            else if (r.Topic == ReplayTopic.Triggers)
            {
                _triggerBytes.Add(r.Value);
                var c = new TriggerColumns();
                TriggerColumnReader.Read(r.Value, c);
                _triggers.Add(c);
            }
        }

        Pulses = _pulses.Sum(p => (long)p.PulseTotal);
        Console.WriteLine($"// chunk set: {_pulses.Count} pulse chunks, {_pulses.Sum(p => p.EventCount)} events, {Pulses} pulses");
        _one = Warm(scenario.Run, sim);
        _two = Warm(scenario.Run + 1, sim);
        _full = Warm(scenario.Run, sim);
    }

    private RunAnalysis Warm(uint run, DetectorSimulator sim)
    {
        var a = new RunAnalysis(run, _options);
        a.Start(sim.Truth.StartTimeNs, sim.Scenario.RunMode);
        Fold(a, _pulses, _triggers);
        return a;
    }

    private static void Fold(RunAnalysis a, List<PulseColumns> pulses, List<TriggerColumns> triggers)
    {
        foreach (var t in triggers)
        {
            a.AddTriggers(t);
        }

        foreach (var p in pulses)
        {
            a.AddPulses(p);
        }
    }

    private static void DecodeAndFold(RunAnalysis a, List<byte[]> pulses, List<byte[]> triggers, PulseColumns pc, TriggerColumns tc)
    {
        foreach (var b in triggers)
        {
            TriggerColumnReader.Read(b, tc);
            a.AddTriggers(tc);
        }

        foreach (var b in pulses)
        {
            PulseColumnReader.Read(b, pc);
            a.AddPulses(pc);
        }
    }

    /// <summary>One plain pass reading the class, area, start and width columns of every pulse.</summary>
    [Benchmark(Baseline = true)]
    public float ReadColumnsOnce()
    {
        float sum = 0;
        long classes = 0;
        foreach (var c in _pulses)
        {
            var cls = c.Class;
            var area = c.AreaPhd;
            var start = c.StartUs;
            var width = c.RmsWidthUs;
            for (var i = 0; i < cls.Length; i++)
            {
                classes += cls[i];
                sum += area[i] + start[i] + width[i];
            }
        }

        return sum + classes;
    }

    /// <summary>The kernel folding decoded columns (pulse counts, selections, all physics panes; triggers too).</summary>
    [Benchmark]
    public void KernelFold() => Fold(_one, _pulses, _triggers);

    /// <summary>Protobuf bytes to window state: column decoding plus the fold.</summary>
    [Benchmark]
    public void DecodeAndFold() => DecodeAndFold(_one, _pulseBytes, _triggerBytes, _scratchPulses, _scratchTriggers);

    /// <summary>Two partitions (two runs, one writer each) decoding and folding the same amount in parallel.</summary>
    [Benchmark]
    public void DecodeAndFoldTwoPartitionsInParallel() => Parallel.Invoke(
        () => DecodeAndFold(_one, _pulseBytes, _triggerBytes, _scratchPulses, _scratchTriggers),
        () => DecodeAndFold(_two, _pulseBytes, _triggerBytes, _scratchPulses2, _scratchTriggers2));

    /// <summary>Closing one window of every family: pane merges and all four fits (rates, lifetime ×2, drift, width).</summary>
    [Benchmark]
    public int CloseWindowAllFamilies()
    {
        _points.Clear();
        _full.Provisional(_points);
        return _points.Count;
    }
}

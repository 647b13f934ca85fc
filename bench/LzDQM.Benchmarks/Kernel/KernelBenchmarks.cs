using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;
using LzDQM.Simulation;

namespace LzDQM.Benchmarks.Kernel;

/// <summary>
/// Kernel throughput on realistic chunks (<see cref="KernelChunkSet"/>: two minutes of the
/// kr83m-calibration scenario, its real mix of S1, S2, SE, SPE pulses) against a baseline that
/// reads every pulse column the kernel reads once, in two settings, each with its own baseline
/// so the ratio compares like with like:
/// <list type="bullet">
/// <item>CacheResident: the one chunk set (≈ 3 MB) folded again and again, so it sits in the
/// last-level cache and the baseline runs at cache bandwidth;</item>
/// <item>MemoryBound: <see cref="Copies"/> separately decoded copies of it (≈ 140 MB of kernel columns, over four times
/// the 32 MB L3 of the benchmark machine) visited in order as a replay would, so every column comes
/// from DRAM, for the baseline and the kernel alike.</item>
/// </list>
/// The kernel's pulses/s is its fold of the pulse chunks (what the baseline reads); trigger chunks
/// are another topic with their own fold and Triggers/s. Copies carry the same event times, so the
/// kernel folds them into the same (hot) panes: only where the columns live differs. Also: protobuf
/// bytes to window state, two partitions in parallel, and closing one window of all four families.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(ThroughputConfig))]
public class KernelBenchmarks
{
    /// <summary>Copies of the chunk set in the memory-bound setting.</summary>
    public const int Copies = 56;

    private const string Cache = "CacheResident";
    private const string Memory = "MemoryBound";
    private readonly KernelOptions _options = new();
    private readonly List<byte[]> _pulseBytes = [];
    private readonly List<byte[]> _triggerBytes = [];
    private readonly List<PulseColumns> _pulses = [];
    private readonly List<TriggerColumns> _triggers = [];
    private readonly List<PulseColumns> _manyPulses = [];
    private readonly List<TriggerColumns> _manyTriggers = [];
    private RunAnalysis _one = null!;
    private RunAnalysis _two = null!;
    private RunAnalysis _full = null!;
    private RunAnalysis _many = null!;
    private readonly PulseColumns _scratchPulses = new();
    private readonly TriggerColumns _scratchTriggers = new();
    private readonly PulseColumns _scratchPulses2 = new();
    private readonly TriggerColumns _scratchTriggers2 = new();
    private readonly List<MetricPoint> _points = [];

    [GlobalSetup]
    public void Setup()
    {
        var set = KernelChunkSet.Instance;
        var scenario = set.Simulator.Scenario;
        var sim = set.Simulator;
        _pulseBytes.AddRange(set.PulseChunks);
        _triggerBytes.AddRange(set.TriggerChunks);
        Decode(_pulses, _triggers);

        // Decoded one copy after the other, as a replay fills fresh buffers: each copy its own arrays.
        for (var i = 0; i < Copies; i++)
        {
            Decode(_manyPulses, _manyTriggers);
        }

        var pulses = set.Pulses;
        long pulseBytes = 0, eventBytes = 0, triggerBytes = 0;
        foreach (var p in _manyPulses)
        {
            pulseBytes += p.PulseTotal * 13L;
            eventBytes += p.EventCount * 12L;
        }

        foreach (var t in _manyTriggers)
        {
            triggerBytes += t.Count * 13L;
        }

        // The baseline reads the pulse columns; the pulse fold also reads the event columns (time, pulse count).
        Console.WriteLine($"// chunk set: {_pulses.Count} pulse chunks, {_pulses.Sum(p => p.EventCount)} events, {pulses} pulses, {set.Triggers} triggers per copy;"
            + $" memory-bound set: {Copies} copies, {Copies * pulses} pulses; {pulseBytes / 1e6:F0} MB of pulse columns,"
            + $" {eventBytes / 1e6:F0} MB of event columns, {triggerBytes / 1e6:F0} MB of trigger columns");
        _one = Warm(scenario.Run, sim, _pulses, _triggers);
        _two = Warm(scenario.Run + 1, sim, _pulses, _triggers);
        _full = Warm(scenario.Run, sim, _pulses, _triggers);
        _many = Warm(scenario.Run, sim, _pulses, _triggers);
    }

    private void Decode(List<PulseColumns> pulses, List<TriggerColumns> triggers)
    {
        foreach (var b in _triggerBytes)
        {
            var c = new TriggerColumns();
            TriggerColumnReader.Read(b, c);
            triggers.Add(c);
        }

        foreach (var b in _pulseBytes)
        {
            var c = new PulseColumns();
            PulseColumnReader.Read(b, c);
            pulses.Add(c);
        }
    }

    private RunAnalysis Warm(uint run, DetectorSimulator sim, List<PulseColumns> pulses, List<TriggerColumns> triggers)
    {
        var a = new RunAnalysis(run, _options);
        a.Start(sim.Truth.StartTimeNs, sim.Scenario.RunMode);
        Fold(a, pulses, triggers);
        return a;
    }

    private static void Fold(RunAnalysis a, List<PulseColumns> pulses, List<TriggerColumns> triggers)
    {
        FoldTriggers(a, triggers);
        FoldPulses(a, pulses);
    }

    private static void FoldPulses(RunAnalysis a, List<PulseColumns> pulses)
    {
        foreach (var p in pulses)
        {
            a.AddPulses(p);
        }
    }

    private static void FoldTriggers(RunAnalysis a, List<TriggerColumns> triggers)
    {
        foreach (var t in triggers)
        {
            a.AddTriggers(t);
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

    // The plain pass: every kernel pulse column (class, area, start, width) read once, one scalar loop.
    private static float ReadOnce(List<PulseColumns> chunks)
    {
        float sum = 0;
        long classes = 0;
        foreach (var c in chunks)
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

    // The same read at SIMD width (eight pulses per step): the fastest a plain pass can go.
    private static float ReadOnceVector(List<PulseColumns> chunks)
    {
        var sum = Vector256<float>.Zero;
        var classes = Vector256<ulong>.Zero;
        float tail = 0;
        foreach (var c in chunks)
        {
            var cls = c.Class;
            var area = c.AreaPhd;
            var start = c.StartUs;
            var width = c.RmsWidthUs;
            var i = 0;
            for (; i + 32 <= cls.Length; i += 32)
            {
                classes += Vector256.Create(cls.Slice(i, 32)).AsUInt64();
                for (var j = i; j < i + 32; j += 8)
                {
                    sum += Vector256.Create(area.Slice(j, 8)) + Vector256.Create(start.Slice(j, 8)) + Vector256.Create(width.Slice(j, 8));
                }
            }

            for (; i < cls.Length; i++)
            {
                tail += cls[i] + area[i] + start[i] + width[i];
            }
        }

        return Vector256.Sum(sum) + tail + Vector256.Sum(classes);
    }

    /// <summary>One plain pass reading the class, area, start and width columns of every pulse (chunk set in cache).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Cache)]
    [ChunkSetWork(1, 0)]
    public float ReadColumnsOnce() => ReadOnce(_pulses);

    /// <summary>The same plain pass, SIMD.</summary>
    [Benchmark]
    [BenchmarkCategory(Cache)]
    [ChunkSetWork(1, 0)]
    public float ReadColumnsOnceVector() => ReadOnceVector(_pulses);

    /// <summary>The kernel folding decoded pulse chunks (pulse counts, selections, all physics panes).</summary>
    [Benchmark]
    [BenchmarkCategory(Cache)]
    [ChunkSetWork(1, 0)]
    public void KernelFold() => FoldPulses(_one, _pulses);

    /// <summary>The kernel folding decoded trigger chunks (trigger counts by type, dead time).</summary>
    [Benchmark]
    [BenchmarkCategory(Cache)]
    [ChunkSetWork(0, 1)]
    public void TriggerFold() => FoldTriggers(_one, _triggers);

    /// <summary>Protobuf bytes to window state: column decoding plus the fold, pulses and triggers.</summary>
    [Benchmark]
    [BenchmarkCategory(Cache)]
    [ChunkSetWork(1, 1)]
    public void DecodeAndFold() => DecodeAndFold(_one, _pulseBytes, _triggerBytes, _scratchPulses, _scratchTriggers);

    /// <summary>Two partitions (two runs, one writer each) decoding and folding the same amount in parallel.</summary>
    [Benchmark]
    [BenchmarkCategory(Cache)]
    [ChunkSetWork(2, 2)]
    public void DecodeAndFoldTwoPartitionsInParallel() => Parallel.Invoke(
        () => DecodeAndFold(_one, _pulseBytes, _triggerBytes, _scratchPulses, _scratchTriggers),
        () => DecodeAndFold(_two, _pulseBytes, _triggerBytes, _scratchPulses2, _scratchTriggers2));

    /// <summary>Closing one window of every family: pane merges and all four fits (rates, lifetime ×2, drift, width).</summary>
    [Benchmark]
    [BenchmarkCategory(Cache)]
    public int CloseWindowAllFamilies()
    {
        _points.Clear();
        _full.Provisional(_points);
        return _points.Count;
    }

    /// <summary>The plain pass over the memory-bound set (columns from DRAM).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Memory)]
    [ChunkSetWork(Copies, 0)]
    public float ReadColumnsOnceFromMemory() => ReadOnce(_manyPulses);

    /// <summary>The SIMD plain pass over the memory-bound set.</summary>
    [Benchmark]
    [BenchmarkCategory(Memory)]
    [ChunkSetWork(Copies, 0)]
    public float ReadColumnsOnceVectorFromMemory() => ReadOnceVector(_manyPulses);

    /// <summary>The kernel folding the memory-bound set's pulse chunks.</summary>
    [Benchmark]
    [BenchmarkCategory(Memory)]
    [ChunkSetWork(Copies, 0)]
    public void KernelFoldFromMemory() => FoldPulses(_many, _manyPulses);

    /// <summary>The kernel folding the memory-bound set's trigger chunks.</summary>
    [Benchmark]
    [BenchmarkCategory(Memory)]
    [ChunkSetWork(0, Copies)]
    public void TriggerFoldFromMemory() => FoldTriggers(_many, _manyTriggers);

    /// <summary>Adds the Pulses/s and Triggers/s columns.</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new ChunkSetThroughputColumn(triggers: false));
            AddColumn(new ChunkSetThroughputColumn(triggers: true));
        }
    }
}

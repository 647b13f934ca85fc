using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using LzDQM.Simulation;
using LzDQM.Simulation.Output;

namespace LzDQM.Benchmarks;

/// <summary>
/// Detector simulator throughput: generation alone (the baseline), generation plus protobuf
/// encoding, and the whole replay writer (encoding, zstd, CRC) into <see cref="Stream.Null"/>.
/// Each operation simulates <see cref="Minutes"/> of a scenario; the Events/s and Replay MB/s
/// columns divide that run's event count and replay size by the mean time.
/// Run: <c>dotnet run -c Release --project bench/LzDQM.Benchmarks -- --filter *Simulator* --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class SimulatorBenchmarks
{
    /// <summary>Simulated minutes per operation.</summary>
    public const int Minutes = 5;

    private DetectorSimulator _simulator = null!;

    [Params("science", "kr83m-calibration")]
    public string Scenario { get; set; } = "science";

    [GlobalSetup]
    public void Setup() => _simulator = Create(Scenario);

    [Benchmark(Baseline = true, Description = "generate")]
    public long Generate()
    {
        long pulses = 0;
        _simulator.ForEachChunk(c => pulses += c.TotalPulses);
        return pulses;
    }

    [Benchmark(Description = "generate+encode")]
    public long GenerateAndEncode()
    {
        var encoder = new ChunkEncoder();
        long bytes = 0;
        _simulator.ForEachChunk(c => bytes += encoder.EncodeTriggers(c).Length + encoder.EncodePulses(c).Length);
        return bytes;
    }

    [Benchmark(Description = "generate+encode+zstd (replay writer)")]
    public long WriteReplay() => _simulator.WriteReplay(Stream.Null).ReplayBytes;

    internal static DetectorSimulator Create(string scenario) =>
        new(ScenarioCatalog.Get(scenario), 1, TimeSpan.FromMinutes(Minutes));

    /// <summary>Adds the throughput columns.</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new ThroughputColumn("Events/s", s => s.Events));
            AddColumn(new ThroughputColumn("Replay MB/s", s => s.ReplayBytes / 1e6));
        }
    }

    /// <summary>A per-operation quantity of the simulated run divided by the mean operation time.</summary>
    private sealed class ThroughputColumn(string name, Func<SimulationSummary, double> perOperation) : IColumn
    {
        private static readonly ConcurrentDictionary<string, SimulationSummary> Runs = new();

        public string Id => "Throughput." + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"{name} of the simulated run per mean operation time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats)
            {
                return "-";
            }

            var scenario = (string)benchmarkCase.Parameters["Scenario"];
            var run = Runs.GetOrAdd(scenario, s => Create(s).WriteReplay(Stream.Null));
            var perSecond = perOperation(run) / (stats.Mean * 1e-9);
            return perSecond >= 1000 ? perSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : perSecond.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}

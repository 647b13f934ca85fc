using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel.Columns;
using LzDQM.Simulation;

namespace LzDQM.Benchmarks.Kernel;

/// <summary>
/// The kernel benchmarks' input: two minutes of the kr83m-calibration scenario (seed 1, its real
/// mix of S1, S2, SE and SPE pulses) as protobuf chunk bytes. Deterministic, so the benchmark
/// process and the host process that draws the throughput columns see the same counts.
/// </summary>
public sealed class KernelChunkSet
{
    private static readonly Lazy<KernelChunkSet> Shared = new(() => new KernelChunkSet());

    private KernelChunkSet()
    {
        Simulator = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), 1, TimeSpan.FromMinutes(2));
        foreach (var r in Simulator.Records())
        {
            if (r.Topic == ReplayTopic.Pulses)
            {
                PulseChunks.Add(r.Value);
            }
            else if (r.Topic == ReplayTopic.Triggers)
            {
                TriggerChunks.Add(r.Value);
            }
        }

        var pulses = new PulseColumns();
        foreach (var b in PulseChunks)
        {
            PulseColumnReader.Read(b, pulses);
            Pulses += pulses.PulseTotal;
        }

        var triggers = new TriggerColumns();
        foreach (var b in TriggerChunks)
        {
            TriggerColumnReader.Read(b, triggers);
            Triggers += triggers.Count;
        }
    }

    /// <summary>The set (built on first use).</summary>
    public static KernelChunkSet Instance => Shared.Value;

    /// <summary>The simulator that made it (truth, run start, run mode).</summary>
    public DetectorSimulator Simulator { get; }

    /// <summary>Pulse chunks, protobuf.</summary>
    public List<byte[]> PulseChunks { get; } = [];

    /// <summary>Trigger chunks, protobuf.</summary>
    public List<byte[]> TriggerChunks { get; } = [];

    /// <summary>Pulses in the set.</summary>
    public long Pulses { get; }

    /// <summary>Triggers in the set.</summary>
    public long Triggers { get; }
}

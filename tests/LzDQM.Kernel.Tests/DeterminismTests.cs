using FsCheck.Xunit;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;

namespace LzDQM.Kernel.Tests;

/// <summary>Same events, any chunking or partition split: bit-identical points and state.</summary>
public class DeterminismTests
{
    private static readonly KernelOptions Options = new();

    private static SimulatedRun Run => SimulatedRun.Of("kr83m-calibration", minutes: 8);

    private static (RunControl Start, RunControl Stop, List<TriggerColumns> Triggers, List<PulseColumns> Pulses) Decode(SimulatedRun run)
    {
        var triggers = new List<TriggerColumns>();
        var pulses = new List<PulseColumns>();
        var runs = new List<RunControl>();
        foreach (var r in run.Records)
        {
            switch (r.Topic)
            {
                case ReplayTopic.Runs:
                    runs.Add(RunControl.Parser.ParseFrom(r.Value));
                    break;
                case ReplayTopic.Triggers:
                    var t = new TriggerColumns();
                    TriggerColumnReader.Read(r.Value, t);
                    triggers.Add(t);
                    break;
                default:
                    var p = new PulseColumns();
                    PulseColumnReader.Read(r.Value, p);
                    pulses.Add(p);
                    break;
            }
        }

        return (runs[0], runs[^1], triggers, pulses);
    }

    private static string Whole()
    {
        var points = Run.Analyze(Options);
        return LineProtocol.FormatSorted(points);
    }

    private static IEnumerable<TriggerColumns> Rechunk(List<TriggerColumns> chunks, Random rng)
    {
        var all = new TriggerColumns();
        foreach (var c in chunks)
        {
            for (var i = 0; i < c.Count;)
            {
                var n = Math.Min(c.Count - i, rng.Next(1, 900));
                all.CopyEvents(c, i, n);
                var copy = new TriggerColumns();
                copy.CopyEvents(all, 0, n);
                yield return copy;
                i += n;
            }
        }
    }

    private static IEnumerable<PulseColumns> Rechunk(List<PulseColumns> chunks, Random rng)
    {
        foreach (var c in chunks)
        {
            for (var i = 0; i < c.EventCount;)
            {
                var n = Math.Min(c.EventCount - i, rng.Next(1, 900));
                var copy = new PulseColumns();
                copy.CopyEvents(c, i, n);
                yield return copy;
                i += n;
            }
        }
    }

    [Property(MaxTest = 4)]
    public void Rechunked_input_gives_bit_identical_points(int seed)
    {
        var (start, stop, triggers, pulses) = Decode(Run);
        var rng = new Random(seed);
        var t = Rechunk(triggers, rng).ToList();
        var p = Rechunk(pulses, rng).ToList();

        // Interleave the two streams by first event time, as a time-ordered replay would.
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(Options, points);
        kernel.OnRunControl(start);
        int i = 0, j = 0;
        while (i < t.Count || j < p.Count)
        {
            if (j >= p.Count || (i < t.Count && t[i].TriggerTimeNs[0] <= p[j].TriggerTimeNs[0]))
            {
                kernel.OnTriggers(t[i++]);
            }
            else
            {
                kernel.OnPulses(p[j++]);
            }
        }

        kernel.OnRunControl(stop);
        Assert.Equal(Whole(), LineProtocol.FormatSorted(points));
    }

    [Property(MaxTest = 4)]
    public void Partition_split_then_merge_gives_bit_identical_points(int seed)
    {
        var (start, stop, triggers, pulses) = Decode(Run);
        var rng = new Random(seed);
        var parts = Enumerable.Range(0, 3).Select(_ => new RunAnalysis(start.Run, Options)).ToArray();
        foreach (var a in parts)
        {
            a.Start(start.TimeNs, start.Mode);
        }

        foreach (var c in triggers)
        {
            parts[rng.Next(3)].AddTriggers(c);
        }

        foreach (var c in pulses)
        {
            parts[rng.Next(3)].AddPulses(c);
        }

        // One partial travels through its serialised form, as a checkpoint would.
        var moved = RunAnalysis.FromBytes(parts[2].ToBytes(), Options);
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(Options, points);
        kernel.MergeRun(parts[1]);
        kernel.MergeRun(moved);
        kernel.MergeRun(parts[0]);
        kernel.OnRunControl(stop);
        Assert.Equal(Whole(), LineProtocol.FormatSorted(points));
    }

    [Fact]
    public void Json_encoded_chunks_give_the_same_points_as_protobuf()
    {
        var json = Run.Records.Select(r => r.Topic switch
        {
            ReplayTopic.Triggers => r with { Value = System.Text.Encoding.UTF8.GetBytes(Google.Protobuf.JsonFormatter.Default.Format(TriggerChunk.Parser.ParseFrom(r.Value))), Encoding = Contracts.Wire.WireEncoding.Json },
            ReplayTopic.Pulses => r with { Value = System.Text.Encoding.UTF8.GetBytes(Google.Protobuf.JsonFormatter.Default.Format(PulseChunk.Parser.ParseFrom(r.Value))), Encoding = Contracts.Wire.WireEncoding.Json },
            _ => r,
        });
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(Options, points);
        foreach (var r in json)
        {
            kernel.OnRecord(r);
        }

        Assert.Equal(Whole(), LineProtocol.FormatSorted(points));
    }

    [Fact]
    public void A_kernel_restored_from_a_checkpoint_mid_run_gives_the_same_points()
    {
        var points = new List<MetricPoint>();
        var first = new DqmKernel(Options, points);
        var half = Run.Records.Count / 2;
        foreach (var r in Run.Records.Take(half))
        {
            first.OnRecord(r);
        }

        var second = new DqmKernel(Options, points);
        second.ImportState(first.ExportState());
        foreach (var r in Run.Records.Skip(half))
        {
            second.OnRecord(r);
        }

        Assert.Equal(Whole(), LineProtocol.FormatSorted(points));
    }

    [Fact]
    public void Analysing_the_same_replay_twice_gives_the_same_bytes()
    {
        Assert.Equal(Whole(), LineProtocol.FormatSorted(Run.Analyze(Options)));
    }
}

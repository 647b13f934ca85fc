using FsCheck.Xunit;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;

namespace LzDQM.Kernel.Tests;

/// <summary>Window state is a commutative monoid under merge, and serialisation is lossless.</summary>
public class MergeTests
{
    private static readonly KernelOptions Options = new();

    private static readonly Lazy<(List<TriggerColumns> T, List<PulseColumns> P, uint Run)> Chunks = new(() =>
    {
        var run = SimulatedRun.Of("kr83m-calibration", minutes: 3);
        var t = new List<TriggerColumns>();
        var p = new List<PulseColumns>();
        foreach (var r in run.Records)
        {
            if (r.Topic == ReplayTopic.Triggers)
            {
                var c = new TriggerColumns();
                TriggerColumnReader.Read(r.Value, c);
                t.Add(c);
            }
            else if (r.Topic == ReplayTopic.Pulses)
            {
                var c = new PulseColumns();
                PulseColumnReader.Read(r.Value, c);
                p.Add(c);
            }
        }

        return (t, p, run.Scenario.Run);
    });

    // Three partials from a random assignment of chunks (some may be empty).
    private static RunAnalysis[] Split(int seed, int parts)
    {
        var (t, p, run) = Chunks.Value;
        var rng = new Random(seed);
        var result = Enumerable.Range(0, parts).Select(_ => new RunAnalysis(run, Options)).ToArray();
        foreach (var c in t)
        {
            result[rng.Next(parts)].AddTriggers(c);
        }

        foreach (var c in p)
        {
            result[rng.Next(parts)].AddPulses(c);
        }

        return result;
    }

    private static byte[] Merged(params RunAnalysis[] parts)
    {
        var into = new RunAnalysis(parts[0].Run, Options);
        foreach (var p in parts)
        {
            into.Merge(p);
        }

        return into.ToBytes();
    }

    private static byte[] Nested(RunAnalysis a, RunAnalysis b)
    {
        var into = new RunAnalysis(a.Run, Options);
        into.Merge(a);
        into.Merge(b);
        return into.ToBytes();
    }

    [Property(MaxTest = 8)]
    public void Merge_is_associative_and_commutative(int seed)
    {
        var s = Split(seed, 3);
        var abc = Merged(s[0], s[1], s[2]);
        Assert.Equal(abc, Merged(s[2], s[0], s[1]));
        Assert.Equal(abc, Merged(s[1], s[2], s[0]));

        var ab = RunAnalysis.FromBytes(Nested(s[0], s[1]), Options);
        var bc = RunAnalysis.FromBytes(Nested(s[1], s[2]), Options);
        Assert.Equal(Nested(ab, s[2]), Nested(s[0], bc));
        Assert.Equal(abc, Nested(ab, s[2]));
    }

    [Property(MaxTest = 8)]
    public void Split_then_merge_equals_the_whole_for_any_split(int seed, byte parts)
    {
        var whole = Split(seed, 1)[0];
        var split = Split(seed + 1, 1 + (parts % 5));
        Assert.Equal(Merged(whole), Merged(split));
    }

    [Fact]
    public void Empty_state_is_the_identity_of_merge()
    {
        var a = Split(3, 1)[0];
        var empty = new RunAnalysis(a.Run, Options);
        Assert.Equal(Merged(a), Merged(a, empty));
        Assert.Equal(Merged(a), Merged(empty, a));
    }

    [Fact]
    public void Serialised_state_round_trips_exactly_and_compactly()
    {
        var a = Split(4, 1)[0];
        var bytes = a.ToBytes();
        Assert.Equal(bytes, RunAnalysis.FromBytes(bytes, Options).ToBytes());

        // Three minutes of Kr-83m running: sparse histograms keep the checkpoint small.
        Assert.True(bytes.Length < 400_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Corrupt_state_is_rejected_with_a_clear_error()
    {
        var bytes = Split(5, 1)[0].ToBytes();
        bytes[0] = 99;
        var e = Assert.Throws<InvalidDataException>(() => RunAnalysis.FromBytes(bytes, Options));
        Assert.Contains("version", e.Message, StringComparison.Ordinal);
    }
}

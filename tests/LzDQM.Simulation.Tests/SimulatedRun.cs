using System.Collections.Concurrent;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Simulation;

namespace LzDQM.Simulation.Tests;

/// <summary>One pulse as decoded from a PulseChunk.</summary>
public readonly record struct Pulse(PulseClass Class, float Area, float Start, float Width, float Top, uint Coincidence);

/// <summary>One event as decoded from a TriggerChunk and its PulseChunk.</summary>
public sealed record SimEvent(ulong Event, long TimeNs, TriggerType Type, uint DeadtimeNs, Pulse[] Pulses)
{
    /// <summary>Largest S2 or null.</summary>
    public Pulse? MainS2 => Pulses.Where(p => p.Class == PulseClass.S2).OrderByDescending(p => p.Area).Cast<Pulse?>().FirstOrDefault();

    /// <summary>
    /// SPEC §3 single scatter: exactly one S1 ≥ 3 phd before the largest S2, and the largest S2 at
    /// least 5× the second largest. Returns the S1 and S2.
    /// </summary>
    public (Pulse S1, Pulse S2)? SingleScatter()
    {
        var s2s = Pulses.Where(p => p.Class == PulseClass.S2).OrderByDescending(p => p.Area).ToList();
        if (s2s.Count == 0 || (s2s.Count > 1 && s2s[0].Area < 5 * s2s[1].Area))
        {
            return null;
        }

        var main = s2s[0];
        var s1s = Pulses.Where(p => p.Class == PulseClass.S1 && p.Area >= 3 && p.Start < main.Start).ToList();
        return s1s.Count == 1 ? (s1s[0], main) : null;
    }

    /// <summary>SPEC §3 Kr-83m population: single scatters with S1 in [100, 400] and S2 in [5e3, 1.5e5] phd.</summary>
    public (Pulse S1, Pulse S2, double DriftUs)? Kr83m()
    {
        if (SingleScatter() is not { } ss || ss.S1.Area < 100 || ss.S1.Area > 400 || ss.S2.Area < 5e3 || ss.S2.Area > 1.5e5)
        {
            return null;
        }

        return (ss.S1, ss.S2, ss.S2.Start - ss.S1.Start);
    }
}

/// <summary>A simulated run decoded in memory, cached per (scenario, seed, duration) for the whole test run.</summary>
public sealed class SimulatedRun
{
    private static readonly ConcurrentDictionary<(string, ulong, double), Lazy<SimulatedRun>> Cache = new();

    private SimulatedRun(DetectorSimulator simulator)
    {
        Simulator = simulator;
        var triggers = new List<TriggerChunk>();
        var pulses = new List<PulseChunk>();
        foreach (var r in simulator.Records())
        {
            Records.Add(r);
            switch (r.Topic)
            {
                case ReplayTopic.Triggers:
                    triggers.Add(TriggerChunk.Parser.ParseFrom(r.Value));
                    break;
                case ReplayTopic.Pulses:
                    pulses.Add(PulseChunk.Parser.ParseFrom(r.Value));
                    break;
                default:
                    RunControls.Add(RunControl.Parser.ParseFrom(r.Value));
                    break;
            }
        }

        foreach (var (t, p) in triggers.Zip(pulses))
        {
            var offset = 0;
            for (var i = 0; i < t.Event.Count; i++)
            {
                var n = (int)p.PulseCount[i];
                var list = new Pulse[n];
                for (var k = 0; k < n; k++)
                {
                    var j = offset + k;
                    list[k] = new Pulse(p.PulseClass[j], p.AreaPhd[j], p.StartUs[j], p.RmsWidthUs[j], p.TopFraction[j], p.Coincidence[j]);
                }

                offset += n;
                Events.Add(new SimEvent(t.Event[i], t.TriggerTimeNs[i], t.TriggerType[i], t.DeadtimeNs[i], list));
            }
        }
    }

    public DetectorSimulator Simulator { get; }

    public ScenarioTruth Truth => Simulator.Truth;

    public List<ReplayRecord> Records { get; } = [];

    public List<RunControl> RunControls { get; } = [];

    /// <summary>The trigger chunks, parsed again from the records (not kept, to save memory).</summary>
    public IReadOnlyList<TriggerChunk> Triggers =>
        [.. Records.Where(r => r.Topic == ReplayTopic.Triggers).Select(r => TriggerChunk.Parser.ParseFrom(r.Value))];

    /// <summary>The pulse chunks, parsed again from the records.</summary>
    public IReadOnlyList<PulseChunk> PulseChunks =>
        [.. Records.Where(r => r.Topic == ReplayTopic.Pulses).Select(r => PulseChunk.Parser.ParseFrom(r.Value))];

    public List<SimEvent> Events { get; } = [];

    public double Seconds(SimEvent e) => Truth.RunSeconds(e.TimeNs);

    public IEnumerable<SimEvent> Between(double fromS, double toS) => Events.Where(e => Seconds(e) >= fromS && Seconds(e) < toS);

    public static SimulatedRun Of(string scenario, double seconds, ulong seed = 7) =>
        Cache.GetOrAdd((scenario, seed, seconds), key => new Lazy<SimulatedRun>(
            () => new SimulatedRun(new DetectorSimulator(ScenarioCatalog.Get(key.Item1), key.Item2, TimeSpan.FromSeconds(key.Item3))))).Value;
}

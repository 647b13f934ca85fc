using FsCheck;
using FsCheck.Fluent;
using LzDQM.Contracts.V1;

namespace LzDQM.Contracts.Tests;

/// <summary>FsCheck generators of chunks that obey every rule of SPEC §2.</summary>
public static class WireGenerators
{
    private const long Epoch2026Ns = 1_767_225_600_000_000_000;

    public static Gen<PulseChunk> ValidPulseChunk =>
        from run in Gen.Choose(1, 1_000_000)
        from chunk in Gen.Choose(0, 100_000)
        from nEvents in Gen.Choose(0, 40)
        from counts in Gen.ArrayOf(Gen.Choose(0, 12), nEvents)
        from firstEvent in Gen.Choose(0, 1_000_000)
        from eventGaps in Gen.ArrayOf(Gen.Choose(1, 5), nEvents)
        from timeGaps in Gen.ArrayOf(Gen.Choose(0, 20_000_000), nEvents)
        let nPulses = counts.Sum()
        from classes in Gen.ArrayOf(Gen.Choose(0, 5), nPulses)
        from areas in Gen.ArrayOf(Gen.Choose(0, 20_000_000), nPulses)
        from starts in Gen.ArrayOf(Gen.Choose(-200_000, 2_000_000), nPulses)
        from widths in Gen.ArrayOf(Gen.Choose(0, 5_000), nPulses)
        from tops in Gen.ArrayOf(Gen.Choose(0, 1000), nPulses)
        from coincidences in Gen.ArrayOf(Gen.Choose(1, 494), nPulses)
        select BuildPulses((uint)run, (ulong)chunk, counts, (ulong)firstEvent, eventGaps, timeGaps,
            classes, areas, starts, widths, tops, coincidences);

    public static Gen<TriggerChunk> ValidTriggerChunk =>
        from run in Gen.Choose(1, 1_000_000)
        from chunk in Gen.Choose(0, 100_000)
        from nEvents in Gen.Choose(0, 60)
        from firstEvent in Gen.Choose(0, 1_000_000)
        from eventGaps in Gen.ArrayOf(Gen.Choose(1, 5), nEvents)
        from timeGaps in Gen.ArrayOf(Gen.Choose(0, 15_000_000), nEvents)
        from types in Gen.ArrayOf(Gen.Choose(0, 5), nEvents)
        from dead in Gen.ArrayOf(Gen.Choose(0, 1_000_000), nEvents)
        select BuildTriggers((uint)run, (ulong)chunk, (ulong)firstEvent, eventGaps, timeGaps, types, dead);

    public static PulseChunk BuildPulses(uint run, ulong chunk, int[] counts, ulong firstEvent, int[] eventGaps, int[] timeGaps,
        int[] classes, int[] areas, int[] starts, int[] widths, int[] tops, int[] coincidences)
    {
        var c = new PulseChunk { Run = run, Chunk = chunk };
        var ev = firstEvent;
        var t = Epoch2026Ns;
        for (var i = 0; i < counts.Length; i++)
        {
            ev += (ulong)eventGaps[i];
            t += timeGaps[i];
            c.Event.Add(ev);
            c.TriggerTimeNs.Add(t);
            c.PulseCount.Add((uint)counts[i]);
        }

        for (var p = 0; p < classes.Length; p++)
        {
            c.PulseClass.Add((PulseClass)classes[p]);
            c.AreaPhd.Add(areas[p] / 100f);
            c.StartUs.Add(starts[p] / 100f);
            c.RmsWidthUs.Add(widths[p] / 1000f);
            c.TopFraction.Add(tops[p] / 1000f);
            c.Coincidence.Add((uint)coincidences[p]);
        }

        return c;
    }

    public static TriggerChunk BuildTriggers(uint run, ulong chunk, ulong firstEvent, int[] eventGaps, int[] timeGaps, int[] types, int[] dead)
    {
        var c = new TriggerChunk { Run = run, Chunk = chunk };
        var ev = firstEvent;
        var t = Epoch2026Ns;
        for (var i = 0; i < eventGaps.Length; i++)
        {
            ev += (ulong)eventGaps[i];
            t += timeGaps[i];
            c.Event.Add(ev);
            c.TriggerTimeNs.Add(t);
            c.TriggerType.Add((TriggerType)types[i]);
            c.DeadtimeNs.Add((uint)dead[i]);
        }

        return c;
    }

    /// <summary>A small valid pulse chunk: three events, S1 + S2 (+ SE) each.</summary>
    public static PulseChunk SmallPulseChunk(uint run = 7, ulong chunk = 0) =>
        BuildPulses(run, chunk, [2, 2, 3], 10, [1, 1, 1], [1_000, 25_000_000, 25_000_000],
            [1, 2, 1, 2, 1, 2, 3], [20_000, 6_000_000, 18_000, 5_000_000, 21_000, 4_000_000, 5_800],
            [0, 30_000, 0, 50_000, 0, 80_000, 90_000], [100, 1_100, 90, 1_200, 110, 1_400, 300],
            [400, 660, 410, 650, 390, 670, 700], [60, 400, 58, 390, 61, 410, 20]);
}

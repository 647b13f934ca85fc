using Google.Protobuf;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;

namespace LzDQM.Kafka.Tests.Support;

/// <summary>Hand-built chunks and replay files (the simulator lives on another branch).</summary>
public static class TestChunks
{
    public const long T0 = 1_700_000_000_000_000_000;

    /// <summary>A pulse chunk of <paramref name="events"/> events with 3 pulses each (about 38 bytes per event).</summary>
    public static PulseChunk Pulses(uint run, ulong chunk, int events, ulong firstEvent = 0)
    {
        var c = new PulseChunk { Run = run, Chunk = chunk };
        for (var i = 0; i < events; i++)
        {
            var t = T0 + ((long)chunk * events + i) * 25_000_000L;
            c.Event.Add(firstEvent + (ulong)i);
            c.TriggerTimeNs.Add(t);
            c.PulseCount.Add(3);
            foreach (var (cls, area, start) in new[] { (PulseClass.S1, 200f, 0f), (PulseClass.S2, 40000f, 350f + i % 500), (PulseClass.Se, 58f, 900f) })
            {
                c.PulseClass.Add(cls);
                c.AreaPhd.Add(area + i);
                c.StartUs.Add(start);
                c.RmsWidthUs.Add(1.1f);
                c.TopFraction.Add(0.66f);
                c.Coincidence.Add(120);
            }
        }

        return c;
    }

    public static TriggerChunk Triggers(uint run, ulong chunk, int events)
    {
        var c = new TriggerChunk { Run = run, Chunk = chunk };
        for (var i = 0; i < events; i++)
        {
            c.Event.Add((ulong)((long)chunk * events + i));
            c.TriggerTimeNs.Add(T0 + ((long)chunk * events + i) * 25_000_000L);
            c.TriggerType.Add(TriggerType.S2);
            c.DeadtimeNs.Add(1000);
        }

        return c;
    }

    public static RunControl Start(uint run) =>
        new() { Run = run, TimeNs = T0, Transition = RunControl.Types.Transition.Start, Mode = RunMode.Kr83M, Comment = "test run" };

    /// <summary>
    /// Writes a replay file: a run start, then per chunk a trigger chunk and a pulse chunk, across
    /// <paramref name="runs"/> runs; returns the records written, in order.
    /// </summary>
    public static List<ReplayRecord> WriteFile(string path, int chunksPerRun, int eventsPerChunk, uint[] runs, bool jsonPulses = false)
    {
        var records = new List<ReplayRecord>();
        foreach (var run in runs)
        {
            records.Add(ReplayRecord.ForRun(ReplayTopic.Runs, run, T0, Start(run).ToByteArray()));
            for (ulong k = 0; k < (ulong)chunksPerRun; k++)
            {
                var time = T0 + (long)k * eventsPerChunk * 25_000_000L;
                records.Add(ReplayRecord.ForRun(ReplayTopic.Triggers, run, time, Triggers(run, k, eventsPerChunk).ToByteArray()));
                var pulses = Pulses(run, k, eventsPerChunk);
                records.Add(jsonPulses
                    ? ReplayRecord.ForRun(ReplayTopic.Pulses, run, time, System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(pulses)), WireEncoding.Json)
                    : ReplayRecord.ForRun(ReplayTopic.Pulses, run, time, pulses.ToByteArray()));
            }
        }

        using var writer = ReplayFileWriter.Create(path);
        foreach (var r in records)
        {
            writer.Write(r);
        }

        return records;
    }
}

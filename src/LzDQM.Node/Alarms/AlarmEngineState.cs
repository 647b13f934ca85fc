using LzDQM.Alarms.Evaluation;
using LzDQM.Contracts.V1;

namespace LzDQM.Node.Alarms;

/// <summary>
/// What the alarm engine replicates: the evaluator's <see cref="AlarmBook"/> (alarms, per-series
/// times, outbox), the runs whose mode the engine has learnt (points of a run of unknown mode wait
/// for it) and the <c>dqm_alarm</c> lines its sinks have not confirmed yet (a successor writes them
/// again; a point is an upsert), the newest point time of each open run (the live clock's guard) and
/// the runs the engine ended (their late points do not count as live). Layout: magic <c>LZAE</c>,
/// version 1, run count, (run, mode) pairs, line count, lines (length-prefixed UTF-8), open-run count,
/// (run, newest ns) pairs, ended-run count, runs, then the book's bytes.
/// </summary>
public static class AlarmEngineState
{
    private static readonly byte[] Magic = "LZAE"u8.ToArray();

    /// <summary>Serialises the state.</summary>
    public static byte[] Write(AlarmBook book, IReadOnlyDictionary<uint, RunMode> modes, IReadOnlyCollection<string> unwritten, IReadOnlyDictionary<uint, long> newest, IReadOnlyCollection<uint> ended)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((byte)1);
            w.Write(modes.Count);
            foreach (var (run, mode) in modes)
            {
                w.Write(run);
                w.Write((int)mode);
            }

            w.Write(unwritten.Count);
            foreach (var line in unwritten)
            {
                w.Write(line);
            }

            w.Write(newest.Count);
            foreach (var (run, ns) in newest)
            {
                w.Write(run);
                w.Write(ns);
            }

            w.Write(ended.Count);
            foreach (var run in ended)
            {
                w.Write(run);
            }

            w.Write(book.ToBytes());
        }

        return ms.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> (one line) on anything else.</summary>
    public static (AlarmBook Book, Dictionary<uint, RunMode> Modes, List<string> Unwritten, Dictionary<uint, long> Newest, SortedSet<uint> Ended) Read(byte[] bytes)
    {
        if (bytes.Length < 9 || !bytes.AsSpan(0, 4).SequenceEqual(Magic) || bytes[4] != 1)
        {
            throw new InvalidDataException("replicated alarm-engine state has an unknown format (not LZAE version 1)");
        }

        try
        {
            using var ms = new MemoryStream(bytes, 5, bytes.Length - 5, writable: false);
            using var r = new BinaryReader(ms, System.Text.Encoding.UTF8);
            var count = r.ReadInt32();
            var modes = new Dictionary<uint, RunMode>();
            for (var i = 0; i < count; i++)
            {
                modes[r.ReadUInt32()] = (RunMode)r.ReadInt32();
            }

            var lines = r.ReadInt32();
            var unwritten = new List<string>();
            for (var i = 0; i < lines; i++)
            {
                unwritten.Add(r.ReadString());
            }

            var open = r.ReadInt32();
            var newest = new Dictionary<uint, long>();
            for (var i = 0; i < open; i++)
            {
                newest[r.ReadUInt32()] = r.ReadInt64();
            }

            var endedCount = r.ReadInt32();
            var ended = new SortedSet<uint>();
            for (var i = 0; i < endedCount; i++)
            {
                ended.Add(r.ReadUInt32());
            }

            return (AlarmBook.FromBytes(bytes.AsSpan(5 + (int)ms.Position)), modes, unwritten, newest, ended);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("replicated alarm-engine state is truncated");
        }
    }
}

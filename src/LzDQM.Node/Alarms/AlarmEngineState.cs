using LzDQM.Alarms.Evaluation;
using LzDQM.Contracts.V1;

namespace LzDQM.Node.Alarms;

/// <summary>
/// What the alarm engine replicates: the evaluator's <see cref="AlarmBook"/> (alarms, per-series
/// times, outbox) and the runs whose mode the engine has learnt (points of a run of unknown mode
/// wait for it). Layout: magic <c>LZAE</c>, version 1, run count, (run, mode) pairs, then the book's bytes.
/// </summary>
public static class AlarmEngineState
{
    private static readonly byte[] Magic = "LZAE"u8.ToArray();

    /// <summary>Serialises the state.</summary>
    public static byte[] Write(AlarmBook book, IReadOnlyDictionary<uint, RunMode> modes)
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

            w.Write(book.ToBytes());
        }

        return ms.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> (one line) on anything else.</summary>
    public static (AlarmBook Book, Dictionary<uint, RunMode> Modes) Read(byte[] bytes)
    {
        if (bytes.Length < 9 || !bytes.AsSpan(0, 4).SequenceEqual(Magic) || bytes[4] != 1)
        {
            throw new InvalidDataException("replicated alarm-engine state has an unknown format (not LZAE version 1)");
        }

        var count = BitConverter.ToInt32(bytes, 5);
        if (count < 0 || 9L + (count * 8L) > bytes.Length)
        {
            throw new InvalidDataException("replicated alarm-engine state is truncated");
        }

        var modes = new Dictionary<uint, RunMode>(count);
        var offset = 9;
        for (var i = 0; i < count; i++, offset += 8)
        {
            modes[BitConverter.ToUInt32(bytes, offset)] = (RunMode)BitConverter.ToInt32(bytes, offset + 4);
        }

        return (AlarmBook.FromBytes(bytes.AsSpan(offset)), modes);
    }
}

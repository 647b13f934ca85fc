using Confluent.Kafka;

namespace LzDQM.Stages.Checkpoints;

/// <summary>
/// A partition pipeline's open-window state and the input offsets it covers: restoring the state
/// and reading each topic-partition from its offset gives exactly what an uninterrupted pipeline
/// would have computed. Immutable.
/// </summary>
/// <param name="Partition">Partition index.</param>
/// <param name="NextOffsets">Per input topic-partition, the first offset not folded into the state.</param>
/// <param name="Runs">Each open run's state (<c>RunAnalysis.ToBytes</c>).</param>
public sealed record PartitionCheckpoint(int Partition, IReadOnlyList<TopicPartitionOffset> NextOffsets, IReadOnlyList<byte[]> Runs)
{
    private const uint Magic = 0x4B435A4C; // "LZCK"
    private const byte Version = 1;

    /// <summary>Serialises to the versioned binary form stored in Kafka.</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Partition);
            w.Write(NextOffsets.Count);
            foreach (var o in NextOffsets)
            {
                w.Write(o.Topic);
                w.Write(o.Partition.Value);
                w.Write(o.Offset.Value);
            }

            w.Write(Runs.Count);
            foreach (var r in Runs)
            {
                w.Write(r.Length);
                w.Write(r);
            }
        }

        return ms.ToArray();
    }

    /// <summary>Reads <see cref="ToBytes"/>'s form; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static PartitionCheckpoint FromBytes(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            if (r.ReadUInt32() != Magic || r.ReadByte() != Version)
            {
                throw new InvalidDataException("not an LzDQM partition checkpoint of version 1");
            }

            var partition = r.ReadInt32();
            var offsets = new TopicPartitionOffset[r.ReadInt32()];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = new TopicPartitionOffset(r.ReadString(), new Partition(r.ReadInt32()), new Offset(r.ReadInt64()));
            }

            var runs = new byte[r.ReadInt32()][];
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = r.ReadBytes(r.ReadInt32());
            }

            return new PartitionCheckpoint(partition, offsets, runs);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("partition checkpoint is truncated", ex);
        }
    }
}

using FsCheck.Xunit;
using Google.Protobuf;
using LzDQM.Contracts.V1;
using LzDQM.Kernel.Columns;

namespace LzDQM.Kernel.Tests;

public class ColumnReaderTests
{
    private static PulseChunk RandomPulseChunk(int seed, int events)
    {
        var rng = new Random(seed);
        var chunk = new PulseChunk { Run = (uint)rng.Next(), Chunk = (ulong)rng.NextInt64() };
        var t = rng.NextInt64(0, long.MaxValue / 2);
        for (var e = 0; e < events; e++)
        {
            var k = rng.Next(0, 12);
            chunk.Event.Add((ulong)rng.NextInt64());
            chunk.TriggerTimeNs.Add(t += rng.Next(0, 1 << 30));
            chunk.PulseCount.Add((uint)k);
            for (var i = 0; i < k; i++)
            {
                // Includes out-of-enum values (7, 200, -1) that both parsers must treat alike.
                var cls = rng.Next(10) == 0 ? new[] { 7, 200, -1 }[rng.Next(3)] : rng.Next(6);
                chunk.PulseClass.Add((PulseClass)cls);
                chunk.AreaPhd.Add((float)(rng.NextDouble() * 1e5));
                chunk.StartUs.Add((float)((rng.NextDouble() * 3000) - 1000));
                chunk.RmsWidthUs.Add((float)rng.NextDouble() * 3);
                chunk.TopFraction.Add((float)rng.NextDouble());
                chunk.Coincidence.Add((uint)rng.Next(0, 1 << rng.Next(1, 31)));
            }
        }

        return chunk;
    }

    private static void AssertSame(PulseChunk expected, PulseColumns c)
    {
        var copy = new PulseColumns();
        copy.CopyFrom(expected);
        Assert.Equal(expected.Run, c.Run);
        Assert.Equal(expected.Chunk, c.Chunk);
        Assert.Equal(copy.Event.ToArray(), c.Event.ToArray());
        Assert.Equal(copy.TriggerTimeNs.ToArray(), c.TriggerTimeNs.ToArray());
        Assert.Equal(copy.PulseCount.ToArray(), c.PulseCount.ToArray());
        Assert.Equal(copy.Class.ToArray(), c.Class.ToArray());
        Assert.Equal(copy.AreaPhd.ToArray(), c.AreaPhd.ToArray());
        Assert.Equal(copy.StartUs.ToArray(), c.StartUs.ToArray());
        Assert.Equal(copy.RmsWidthUs.ToArray(), c.RmsWidthUs.ToArray());
        Assert.Equal(copy.TopFraction.ToArray(), c.TopFraction.ToArray());
        Assert.Equal(copy.Coincidence.ToArray(), c.Coincidence.ToArray());
    }

    [Property(MaxTest = 200)]
    public void Pulse_column_reader_agrees_with_the_generated_parser(int seed, byte events)
    {
        var chunk = RandomPulseChunk(seed, events % 64);
        var bytes = chunk.ToByteArray();
        var columns = new PulseColumns();
        PulseColumnReader.Read(bytes, columns, PulseFields.All);
        AssertSame(PulseChunk.Parser.ParseFrom(bytes), columns);
    }

    [Property(MaxTest = 100)]
    public void Pulse_column_reader_accepts_unpacked_and_split_fields_like_the_generated_parser(int seed, byte events)
    {
        var chunk = RandomPulseChunk(seed, events % 16);
        var bytes = Unpacked(chunk);
        var columns = new PulseColumns();
        PulseColumnReader.Read(bytes, columns, PulseFields.All);
        AssertSame(PulseChunk.Parser.ParseFrom(bytes), columns);
    }

    [Property(MaxTest = 200)]
    public void Trigger_column_reader_agrees_with_the_generated_parser(int seed, byte events)
    {
        var rng = new Random(seed);
        var chunk = new TriggerChunk { Run = (uint)rng.Next(), Chunk = (ulong)rng.Next() };
        for (var i = 0; i < events; i++)
        {
            chunk.Event.Add((ulong)rng.NextInt64());
            chunk.TriggerTimeNs.Add(rng.NextInt64());
            chunk.TriggerType.Add((TriggerType)(rng.Next(12) - 2));
            chunk.DeadtimeNs.Add((uint)rng.Next());
        }

        var bytes = chunk.ToByteArray();
        var columns = new TriggerColumns();
        TriggerColumnReader.Read(bytes, columns);
        var expected = new TriggerColumns();
        expected.CopyFrom(TriggerChunk.Parser.ParseFrom(bytes));
        Assert.Equal(expected.Event.ToArray(), columns.Event.ToArray());
        Assert.Equal(expected.TriggerTimeNs.ToArray(), columns.TriggerTimeNs.ToArray());
        Assert.Equal(expected.Type.ToArray(), columns.Type.ToArray());
        Assert.Equal(expected.DeadtimeNs.ToArray(), columns.DeadtimeNs.ToArray());
        Assert.Equal(chunk.Run, columns.Run);
    }

    [Fact]
    public void Reader_rejects_columns_that_disagree_with_the_pulse_counts()
    {
        var chunk = RandomPulseChunk(5, 10);
        chunk.PulseCount[0] += 1;
        var e = Assert.Throws<InvalidDataException>(() => PulseColumnReader.Read(chunk.ToByteArray(), new PulseColumns()));
        Assert.Contains("pulse counts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_rejects_truncated_bytes()
    {
        var bytes = RandomPulseChunk(6, 10).ToByteArray();
        Assert.Throws<InvalidDataException>(() => PulseColumnReader.Read(bytes.AsSpan(0, bytes.Length - 3), new PulseColumns()));
    }

    [Fact]
    public void Reader_skips_unrequested_columns_but_still_reads_the_kernel_columns()
    {
        var chunk = RandomPulseChunk(7, 20);
        var columns = new PulseColumns();
        PulseColumnReader.Read(chunk.ToByteArray(), columns, PulseFields.Kernel);
        Assert.Equal(chunk.AreaPhd.ToArray(), columns.AreaPhd.ToArray());
        Assert.True(columns.TopFraction.IsEmpty);
    }

    // Every repeated field written element by element (unpacked) and the event columns split in two segments.
    private static byte[] Unpacked(PulseChunk c)
    {
        using var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteUInt32(c.Run);
        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteUInt64(c.Chunk);
        foreach (var v in c.Event)
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteUInt64(v);
        }

        var half = c.TriggerTimeNs.Count / 2;
        WritePackedInt64(o, 4, c.TriggerTimeNs.Take(half));
        foreach (var v in c.TriggerTimeNs.Skip(half))
        {
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteInt64(v);
        }

        foreach (var v in c.PulseCount)
        {
            o.WriteTag(5, WireFormat.WireType.Varint);
            o.WriteUInt32(v);
        }

        foreach (var v in c.PulseClass)
        {
            o.WriteTag(6, WireFormat.WireType.Varint);
            o.WriteEnum((int)v);
        }

        foreach (var (field, values) in new[] { (7, c.AreaPhd), (8, c.StartUs), (9, c.RmsWidthUs), (10, c.TopFraction) })
        {
            foreach (var v in values)
            {
                o.WriteTag(field, WireFormat.WireType.Fixed32);
                o.WriteFloat(v);
            }
        }

        // An unknown field the reader must skip.
        o.WriteTag(99, WireFormat.WireType.LengthDelimited);
        o.WriteString("ignored");
        foreach (var v in c.Coincidence)
        {
            o.WriteTag(11, WireFormat.WireType.Varint);
            o.WriteUInt32(v);
        }

        o.Flush();
        return ms.ToArray();
    }

    private static void WritePackedInt64(CodedOutputStream o, int field, IEnumerable<long> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }

        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteLength(list.Sum(v => CodedOutputStream.ComputeInt64Size(v)));
        foreach (var v in list)
        {
            o.WriteInt64(v);
        }
    }
}

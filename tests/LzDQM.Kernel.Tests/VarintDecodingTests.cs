using FsCheck.Xunit;
using LzDQM.Contracts.V1;
using LzDQM.Kernel.Columns;

namespace LzDQM.Kernel.Tests;

/// <summary>
/// The column readers' varint decoding (a whole-word path for ten readable bytes, a byte loop near
/// the end of a message) agrees with the generated parser for varints of every length, overlong
/// encodings included, and refuses what protobuf refuses.
/// </summary>
public class VarintDecodingTests
{
    [Property(MaxTest = 300)]
    public void Varints_of_every_length_and_overlong_forms_decode_as_the_generated_parser_does(int seed, byte count)
    {
        var rng = new Random(seed);
        var events = new List<byte>();
        var times = new List<byte>();
        var types = new List<byte>();
        var dead = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            AppendVarint(events, RandomBits(rng, 64), Padding(rng));
            AppendVarint(times, RandomBits(rng, 64), Padding(rng));
            types.Add((byte)rng.Next(0, 6));
            AppendVarint(dead, RandomBits(rng, 32), Padding(rng));
        }

        var bytes = new List<byte>();

        // Run and chunk unpacked (read from the message itself, not a packed segment), possibly overlong.
        AppendVarint(bytes, 1 << 3);
        AppendVarint(bytes, RandomBits(rng, 32), Padding(rng));
        AppendVarint(bytes, 2 << 3);
        AppendVarint(bytes, RandomBits(rng, 64), Padding(rng));
        AppendPacked(bytes, 3, events);
        AppendPacked(bytes, 4, times);
        AppendPacked(bytes, 5, types);
        AppendPacked(bytes, 6, dead);

        // An unpacked trailing event and time: the last varints of the message, with fewer than ten bytes after them.
        AppendVarint(bytes, 3 << 3);
        AppendVarint(bytes, RandomBits(rng, 64), Padding(rng));
        AppendVarint(bytes, 4 << 3);
        AppendVarint(bytes, RandomBits(rng, 64), Padding(rng));
        bytes.AddRange(new byte[] { 5 << 3, 1, 6 << 3, 7 });
        var message = bytes.ToArray();

        var columns = new TriggerColumns();
        TriggerColumnReader.Read(message, columns);
        var expected = new TriggerColumns();
        expected.CopyFrom(TriggerChunk.Parser.ParseFrom(message));
        Assert.Equal(expected.Run, columns.Run);
        Assert.Equal(expected.Event.ToArray(), columns.Event.ToArray());
        Assert.Equal(expected.TriggerTimeNs.ToArray(), columns.TriggerTimeNs.ToArray());
        Assert.Equal(expected.DeadtimeNs.ToArray(), columns.DeadtimeNs.ToArray());
        Assert.Equal(count + 1, columns.Count);
    }

    [Theory]
    [InlineData(0xFF, 0x01)]
    [InlineData(0x80, 0x00)]
    public void An_eleven_byte_varint_is_refused_in_a_packed_column_and_in_the_message(byte continued, byte last)
    {
        // Ten bytes with the continuation bit (the tenth too), then an eleventh.
        byte[] eleven = [.. Enumerable.Repeat(continued, 10), last];
        var packed = new List<byte>();
        AppendPacked(packed, 4, [.. eleven, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => TriggerColumnReader.Read(packed.ToArray(), new TriggerColumns()));
        Assert.Contains("longer than 10 bytes", e.Message, StringComparison.Ordinal);

        byte[] unpacked = [2 << 3, .. eleven, 1 << 3, 5, 1 << 3, 5, 1 << 3, 5];
        e = Assert.Throws<InvalidDataException>(() => TriggerColumnReader.Read(unpacked, new TriggerColumns()));
        Assert.Contains("longer than 10 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_that_ends_inside_a_long_varint_is_refused()
    {
        var bytes = new List<byte> { 2 << 3 };
        AppendVarint(bytes, ulong.MaxValue);
        var whole = bytes.ToArray();
        Assert.Equal(11, whole.Length);
        var e = Assert.Throws<InvalidDataException>(() => TriggerColumnReader.Read(whole.AsSpan(0, 9), new TriggerColumns()));
        Assert.Contains("ends inside a varint", e.Message, StringComparison.Ordinal);
    }

    // A value of a random bit length (0 … bits), so every varint length turns up.
    private static ulong RandomBits(Random rng, int bits)
    {
        var length = rng.Next(0, bits + 1);
        var value = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 33);
        return length == 0 ? 0 : value >> (64 - length);
    }

    // Extra bytes for an overlong encoding now and then (protobuf readers accept them).
    private static int Padding(Random rng) => rng.Next(4) == 0 ? rng.Next(1, 10) : 0;

    // Canonical varint, or with padding extra bytes (0x80 … 0x00), never over ten bytes in all.
    private static void AppendVarint(List<byte> to, ulong value, int padding = 0)
    {
        var bytes = new List<byte>();
        do
        {
            bytes.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }
        while (value != 0);

        padding = Math.Min(padding, 10 - bytes.Count);
        for (var i = 0; i < padding; i++)
        {
            bytes.Add(0x80);
        }

        bytes[^1] &= 0x7F;
        to.AddRange(bytes);
    }

    private static void AppendPacked(List<byte> to, int field, IReadOnlyCollection<byte> segment)
    {
        AppendVarint(to, (ulong)((field << 3) | 2));
        AppendVarint(to, (ulong)segment.Count);
        to.AddRange(segment);
    }
}

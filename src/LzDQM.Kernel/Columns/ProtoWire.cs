using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Hand-rolled protobuf wire decoding over spans (varints, packed and unpacked repeated fields)
/// into reusable arrays. Any malformed input throws <see cref="InvalidDataException"/>. Stateless.
/// </summary>
internal static class ProtoWire
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            return data[pos++];
        }

        return data.Length - pos >= MaxVarintBytes && BitConverter.IsLittleEndian ? ReadVarintWord(data, ref pos) : ReadVarintSlow(data, ref pos);
    }

    private const int MaxVarintBytes = 10;

    // A varint of two or more bytes with ten bytes readable: the first eight as one word, the end
    // found by the first byte without its continuation bit, the 7-bit groups joined by three
    // shift-and-mask steps. No loop and no branch per byte: trigger times are nine-byte varints,
    // and the byte loop made decoding cost as much as folding. Same values and errors as
    // ReadVarintSlow (overlong encodings accepted, an eleventh byte refused).
    private static ulong ReadVarintWord(ReadOnlySpan<byte> data, ref int pos)
    {
        ref var first = ref Unsafe.Add(ref MemoryMarshal.GetReference(data), pos);
        var word = Unsafe.ReadUnaligned<ulong>(ref first);
        var stops = ~word & 0x8080808080808080UL;
        if (stops != 0)
        {
            // The stop byte's top bit is bit 8·len − 1: keep the len bytes, drop the rest.
            var bits = BitOperations.TrailingZeroCount(stops) + 1;
            pos += bits >> 3;
            return JoinGroups(word & (ulong.MaxValue >> (64 - bits)));
        }

        // Nine or ten bytes (pos + 9 < data.Length: checked by the caller).
        var ninth = Unsafe.Add(ref first, 8);
        var value = JoinGroups(word) | ((ulong)(ninth & 0x7F) << 56);
        if (ninth < 0x80)
        {
            pos += 9;
            return value;
        }

        var tenth = Unsafe.Add(ref first, 9);
        if (tenth >= 0x80)
        {
            throw new InvalidDataException("varint longer than 10 bytes");
        }

        // Only the tenth byte's lowest bit fits (bit 63), as in the byte loop.
        pos += 10;
        return value | ((ulong)tenth << 63);
    }

    // The 7-bit groups of up to eight little-endian varint bytes, joined: 8 × 7 → 4 × 14 → 2 × 28 → 56 bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong JoinGroups(ulong bytes)
    {
        var x = bytes & 0x7F7F7F7F7F7F7F7FUL;
        x = (x & 0x007F007F007F007FUL) | ((x & 0x7F007F007F007F00UL) >> 1);
        x = (x & 0x00003FFF00003FFFUL) | ((x & 0x3FFF00003FFF0000UL) >> 2);
        return (x & 0x000000000FFFFFFFUL) | ((x & 0x0FFFFFFF00000000UL) >> 4);
    }

    private static ulong ReadVarintSlow(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new InvalidDataException("message ends inside a varint");
            }

            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    public static ReadOnlySpan<byte> ReadLengthDelimited(ReadOnlySpan<byte> data, ref int pos)
    {
        var len = ReadVarint(data, ref pos);
        if (len > (ulong)(data.Length - pos))
        {
            throw new InvalidDataException("length-delimited field runs past the message");
        }

        var segment = data.Slice(pos, (int)len);
        pos += (int)len;
        return segment;
    }

    public static void Skip(ReadOnlySpan<byte> data, ref int pos, int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint(data, ref pos);
                break;
            case Fixed64:
                Advance(data, ref pos, 8);
                break;
            case LengthDelimited:
                ReadLengthDelimited(data, ref pos);
                break;
            case Fixed32:
                Advance(data, ref pos, 4);
                break;
            default:
                throw new InvalidDataException($"unsupported wire type {wireType}");
        }
    }

    public static float ReadFloat(ReadOnlySpan<byte> data, ref int pos)
    {
        Advance(data, ref pos, 4);
        return System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(data[(pos - 4)..]);
    }

    private static void Advance(ReadOnlySpan<byte> data, ref int pos, int n)
    {
        if (data.Length - pos < n)
        {
            throw new InvalidDataException("message ends inside a fixed-size field");
        }

        pos += n;
    }

    /// <summary>Appends a packed float segment at <paramref name="count"/>.</summary>
    public static void AppendPackedFloats(ReadOnlySpan<byte> segment, ref float[] array, ref int count)
    {
        if ((segment.Length & 3) != 0)
        {
            throw new InvalidDataException("packed float field length is not a multiple of 4");
        }

        var n = segment.Length >> 2;
        ColumnBuffer.Ensure(ref array, count + n);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(segment).CopyTo(array.AsSpan(count));
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                array[count + i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(segment[(4 * i)..]);
            }
        }

        count += n;
    }

    public static void AppendPackedUInt64(ReadOnlySpan<byte> segment, ref ulong[] array, ref int count)
    {
        ColumnBuffer.Ensure(ref array, count + segment.Length);
        var pos = 0;
        var a = array;
        var c = count;
        while (pos < segment.Length)
        {
            a[c++] = ReadVarint(segment, ref pos);
        }

        count = c;
    }

    public static void AppendPackedInt64(ReadOnlySpan<byte> segment, ref long[] array, ref int count)
    {
        ColumnBuffer.Ensure(ref array, count + segment.Length);
        var pos = 0;
        var a = array;
        var c = count;
        while (pos < segment.Length)
        {
            a[c++] = (long)ReadVarint(segment, ref pos);
        }

        count = c;
    }

    public static void AppendPackedUInt32(ReadOnlySpan<byte> segment, ref uint[] array, ref int count)
    {
        ColumnBuffer.Ensure(ref array, count + segment.Length);
        var pos = 0;
        var a = array;
        var c = count;
        while (pos < segment.Length)
        {
            a[c++] = (uint)ReadVarint(segment, ref pos);
        }

        count = c;
    }

    /// <summary>Appends packed enum values as bytes, values outside [0, max] stored as 0.</summary>
    public static void AppendPackedEnum(ReadOnlySpan<byte> segment, ref byte[] array, ref int count, byte max)
    {
        ColumnBuffer.Ensure(ref array, count + segment.Length);

        // Fast path: every value fits one byte and is in range, so the bytes are the values.
        if (segment.IndexOfAnyExceptInRange((byte)0, max) < 0)
        {
            segment.CopyTo(array.AsSpan(count));
            count += segment.Length;
            return;
        }

        var pos = 0;
        var a = array;
        var c = count;
        while (pos < segment.Length)
        {
            var v = (long)ReadVarint(segment, ref pos);
            a[c++] = v >= 0 && v <= max ? (byte)v : (byte)0;
        }

        count = c;
    }
}

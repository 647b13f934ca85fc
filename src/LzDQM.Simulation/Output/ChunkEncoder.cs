using System.Buffers.Binary;
using System.Runtime.InteropServices;
using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Output;

/// <summary>
/// Encodes <see cref="ChunkColumns"/> as binary protobuf <see cref="TriggerChunk"/> and
/// <see cref="PulseChunk"/> straight from the column spans (packed repeated fields in field
/// order, defaults omitted): the same bytes the generated serialiser writes, without building
/// message objects. The returned spans stay valid until the next call. Not thread-safe.
/// </summary>
public sealed class ChunkEncoder
{
    private byte[] _buffer = new byte[1 << 16];
    private int _pos;

    /// <summary>Encodes the trigger columns.</summary>
    public ReadOnlySpan<byte> EncodeTriggers(ChunkColumns c)
    {
        _pos = 0;
        Ensure(32 + (c.EventCount * 32));
        Header(c);
        PackedVarint(3, c.Event);
        PackedVarint(4, MemoryMarshal.Cast<long, ulong>(c.TriggerTimeNs));
        PackedVarint(5, MemoryMarshal.Cast<TriggerType, int>(c.TriggerType));
        PackedVarint(6, c.DeadtimeNs);
        return _buffer.AsSpan(0, _pos);
    }

    /// <summary>Encodes the pulse columns.</summary>
    public ReadOnlySpan<byte> EncodePulses(ChunkColumns c)
    {
        _pos = 0;
        Ensure(64 + (c.EventCount * 32) + (c.TotalPulses * 32));
        Header(c);
        PackedVarint(3, c.Event);
        PackedVarint(4, MemoryMarshal.Cast<long, ulong>(c.TriggerTimeNs));
        PackedVarint(5, c.PulseCount);
        PackedVarint(6, MemoryMarshal.Cast<PulseClass, int>(c.PulseClass));
        PackedFloat(7, c.AreaPhd);
        PackedFloat(8, c.StartUs);
        PackedFloat(9, c.RmsWidthUs);
        PackedFloat(10, c.TopFraction);
        PackedVarint(11, c.Coincidence);
        return _buffer.AsSpan(0, _pos);
    }

    private void Header(ChunkColumns c)
    {
        if (c.Run != 0)
        {
            Varint(1 << 3);
            Varint(c.Run);
        }

        if (c.Chunk != 0)
        {
            Varint(2 << 3);
            Varint(c.Chunk);
        }
    }

    private void PackedVarint(int field, ReadOnlySpan<ulong> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var length = 0;
        foreach (var v in values)
        {
            length += VarintSize(v);
        }

        Varint((uint)((field << 3) | 2));
        Varint((uint)length);
        foreach (var v in values)
        {
            Varint(v);
        }
    }

    private void PackedVarint(int field, ReadOnlySpan<uint> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var length = 0;
        foreach (var v in values)
        {
            length += VarintSize(v);
        }

        Varint((uint)((field << 3) | 2));
        Varint((uint)length);
        foreach (var v in values)
        {
            Varint(v);
        }
    }

    private void PackedVarint(int field, ReadOnlySpan<int> values)
    {
        // Enums are int32 on the wire: negative values would sign-extend to ten bytes.
        if (values.IsEmpty)
        {
            return;
        }

        var length = 0;
        foreach (var v in values)
        {
            length += VarintSize((ulong)(long)v);
        }

        Varint((uint)((field << 3) | 2));
        Varint((uint)length);
        foreach (var v in values)
        {
            Varint((ulong)(long)v);
        }
    }

    private void PackedFloat(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        Varint((uint)((field << 3) | 2));
        Varint((uint)(values.Length * 4));
        var dest = _buffer.AsSpan(_pos, values.Length * 4);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(dest);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(dest[(i * 4)..], values[i]);
            }
        }

        _pos += values.Length * 4;
    }

    private void Varint(ulong value)
    {
        var b = _buffer;
        var p = _pos;
        while (value >= 0x80)
        {
            b[p++] = (byte)(value | 0x80);
            value >>= 7;
        }

        b[p++] = (byte)value;
        _pos = p;
    }

    private static int VarintSize(ulong value) => value == 0 ? 1 : (63 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 7;

    private void Ensure(int bytes)
    {
        if (_buffer.Length < bytes)
        {
            _buffer = new byte[Math.Max(bytes, _buffer.Length * 2)];
        }
    }
}

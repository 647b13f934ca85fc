using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Decodes TriggerChunk wire bytes into <see cref="TriggerColumns"/> (packed or unpacked),
/// agreeing with the generated parser. Stateless and thread-safe; the columns object must
/// not be shared during a read.
/// </summary>
public static class TriggerColumnReader
{
    /// <summary>Reads one chunk; throws <see cref="InvalidDataException"/> on malformed bytes or unequal columns.</summary>
    public static void Read(ReadOnlySpan<byte> data, TriggerColumns columns)
    {
        int nEvent = 0, nTime = 0, nType = 0, nDead = 0;
        uint run = 0;
        ulong chunk = 0;
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = ProtoWire.ReadVarint(data, ref pos);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (tag > uint.MaxValue || field == 0)
            {
                throw new InvalidDataException("invalid field tag");
            }

            switch (field)
            {
                case 1 when wire == ProtoWire.Varint:
                    run = (uint)ProtoWire.ReadVarint(data, ref pos);
                    break;
                case 2 when wire == ProtoWire.Varint:
                    chunk = ProtoWire.ReadVarint(data, ref pos);
                    break;
                case 3 when wire == ProtoWire.LengthDelimited:
                    ProtoWire.AppendPackedUInt64(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.EventArray, ref nEvent);
                    break;
                case 3 when wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.EventArray, nEvent + 1);
                    columns.EventArray[nEvent++] = ProtoWire.ReadVarint(data, ref pos);
                    break;
                case 4 when wire == ProtoWire.LengthDelimited:
                    ProtoWire.AppendPackedInt64(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.TimeArray, ref nTime);
                    break;
                case 4 when wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.TimeArray, nTime + 1);
                    columns.TimeArray[nTime++] = (long)ProtoWire.ReadVarint(data, ref pos);
                    break;
                case 5 when wire == ProtoWire.LengthDelimited:
                    ProtoWire.AppendPackedEnum(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.TypeArray, ref nType, (byte)TriggerType.Led);
                    break;
                case 5 when wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.TypeArray, nType + 1);
                    columns.TypeArray[nType++] = TriggerColumns.TypeByte((long)ProtoWire.ReadVarint(data, ref pos));
                    break;
                case 6 when wire == ProtoWire.LengthDelimited:
                    ProtoWire.AppendPackedUInt32(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.DeadArray, ref nDead);
                    break;
                case 6 when wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.DeadArray, nDead + 1);
                    columns.DeadArray[nDead++] = (uint)ProtoWire.ReadVarint(data, ref pos);
                    break;
                default:
                    ProtoWire.Skip(data, ref pos, wire);
                    break;
            }
        }

        if (nTime != nEvent || nType != nEvent || nDead != nEvent)
        {
            throw new InvalidDataException($"trigger chunk columns have unequal lengths ({nEvent}, {nTime}, {nType}, {nDead})");
        }

        columns.Run = run;
        columns.Chunk = chunk;
        columns.Count = nEvent;
    }
}

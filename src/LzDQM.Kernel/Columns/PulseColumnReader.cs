using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Decodes PulseChunk wire bytes straight into <see cref="PulseColumns"/> without creating
/// messages or per-pulse objects: packed floats are block-copied, unrequested columns are
/// skipped in O(1). Accepts packed and unpacked encodings and repeated segments, as the
/// generated parser does, and agrees with it (property-tested). Stateless and thread-safe;
/// the columns object must not be shared during a read.
/// </summary>
public static class PulseColumnReader
{
    /// <summary>
    /// Reads one chunk. Throws <see cref="InvalidDataException"/> on malformed bytes or columns
    /// whose lengths disagree with the pulse counts.
    /// </summary>
    public static void Read(ReadOnlySpan<byte> data, PulseColumns columns, PulseFields fields = PulseFields.Kernel)
    {
        int nEvent = 0, nTime = 0, nCount = 0, nClass = 0, nArea = 0, nStart = 0, nWidth = 0, nTop = 0, nCoinc = 0;
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
                    ProtoWire.AppendPackedUInt32(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.CountArray, ref nCount);
                    break;
                case 5 when wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.CountArray, nCount + 1);
                    columns.CountArray[nCount++] = (uint)ProtoWire.ReadVarint(data, ref pos);
                    break;
                case 6 when (fields & PulseFields.Class) != 0 && wire == ProtoWire.LengthDelimited:
                    ProtoWire.AppendPackedEnum(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.ClassArray, ref nClass, (byte)PulseClass.Other);
                    break;
                case 6 when (fields & PulseFields.Class) != 0 && wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.ClassArray, nClass + 1);
                    columns.ClassArray[nClass++] = PulseColumns.ClassByte((long)ProtoWire.ReadVarint(data, ref pos));
                    break;
                case 7 when (fields & PulseFields.Area) != 0:
                    ReadFloats(data, ref pos, wire, ref columns.AreaArray, ref nArea);
                    break;
                case 8 when (fields & PulseFields.Start) != 0:
                    ReadFloats(data, ref pos, wire, ref columns.StartArray, ref nStart);
                    break;
                case 9 when (fields & PulseFields.Width) != 0:
                    ReadFloats(data, ref pos, wire, ref columns.WidthArray, ref nWidth);
                    break;
                case 10 when (fields & PulseFields.TopFraction) != 0:
                    ReadFloats(data, ref pos, wire, ref columns.TopArray, ref nTop);
                    break;
                case 11 when (fields & PulseFields.Coincidence) != 0 && wire == ProtoWire.LengthDelimited:
                    ProtoWire.AppendPackedUInt32(ProtoWire.ReadLengthDelimited(data, ref pos), ref columns.CoincidenceArray, ref nCoinc);
                    break;
                case 11 when (fields & PulseFields.Coincidence) != 0 && wire == ProtoWire.Varint:
                    ColumnBuffer.Ensure(ref columns.CoincidenceArray, nCoinc + 1);
                    columns.CoincidenceArray[nCoinc++] = (uint)ProtoWire.ReadVarint(data, ref pos);
                    break;
                default:
                    ProtoWire.Skip(data, ref pos, wire);
                    break;
            }
        }

        if (nTime != nEvent || nCount != nEvent)
        {
            throw new InvalidDataException($"pulse chunk event columns have unequal lengths ({nEvent}, {nTime}, {nCount})");
        }

        long total = 0;
        var counts = columns.CountArray;
        for (var i = 0; i < nCount; i++)
        {
            total += counts[i];
        }

        Check(fields, PulseFields.Class, nClass, total, "pulse_class");
        Check(fields, PulseFields.Area, nArea, total, "area_phd");
        Check(fields, PulseFields.Start, nStart, total, "start_us");
        Check(fields, PulseFields.Width, nWidth, total, "rms_width_us");
        Check(fields, PulseFields.TopFraction, nTop, total, "top_fraction");
        Check(fields, PulseFields.Coincidence, nCoinc, total, "coincidence");
        columns.Run = run;
        columns.Chunk = chunk;
        columns.EventCount = nEvent;
        columns.PulseTotal = (int)total;
        columns.Present = fields;
    }

    private static void ReadFloats(ReadOnlySpan<byte> data, ref int pos, int wire, ref float[] array, ref int count)
    {
        if (wire == ProtoWire.LengthDelimited)
        {
            ProtoWire.AppendPackedFloats(ProtoWire.ReadLengthDelimited(data, ref pos), ref array, ref count);
        }
        else if (wire == ProtoWire.Fixed32)
        {
            ColumnBuffer.Ensure(ref array, count + 1);
            array[count++] = ProtoWire.ReadFloat(data, ref pos);
        }
        else
        {
            ProtoWire.Skip(data, ref pos, wire);
        }
    }

    private static void Check(PulseFields wanted, PulseFields field, int n, long total, string name)
    {
        if ((wanted & field) != 0 && n != total)
        {
            throw new InvalidDataException($"pulse chunk column {name} has {n} values but the pulse counts add up to {total}");
        }
    }
}

using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// A decoded <see cref="TriggerChunk"/> as reusable columns. Trigger types outside the enum
/// are stored as 0 (unspecified). Owned by one thread at a time.
/// </summary>
public sealed class TriggerColumns
{
    internal ulong[] EventArray = [];
    internal long[] TimeArray = [];
    internal byte[] TypeArray = [];
    internal uint[] DeadArray = [];

    /// <summary>Run number.</summary>
    public uint Run { get; set; }

    /// <summary>Chunk number within the run.</summary>
    public ulong Chunk { get; set; }

    /// <summary>Triggers in the chunk.</summary>
    public int Count { get; internal set; }

    /// <summary>Event numbers.</summary>
    public ReadOnlySpan<ulong> Event => EventArray.AsSpan(0, Count);

    /// <summary>Trigger times, UTC ns.</summary>
    public ReadOnlySpan<long> TriggerTimeNs => TimeArray.AsSpan(0, Count);

    /// <summary>Trigger types (<see cref="TriggerType"/> values).</summary>
    public ReadOnlySpan<byte> Type => TypeArray.AsSpan(0, Count);

    /// <summary>Dead time since the previous trigger, ns.</summary>
    public ReadOnlySpan<uint> DeadtimeNs => DeadArray.AsSpan(0, Count);

    /// <summary>Maps a wire enum value to the stored type byte.</summary>
    public static byte TypeByte(long value) => value is >= 0 and <= (long)TriggerType.Led ? (byte)value : (byte)0;

    /// <summary>Fills the columns from a generated message. Reuses arrays.</summary>
    public void CopyFrom(TriggerChunk chunk)
    {
        var n = chunk.Event.Count;
        if (chunk.TriggerTimeNs.Count != n || chunk.TriggerType.Count != n || chunk.DeadtimeNs.Count != n)
        {
            throw new InvalidDataException("trigger chunk columns have unequal lengths");
        }

        Run = chunk.Run;
        Chunk = chunk.Chunk;
        ColumnBuffer.Ensure(ref EventArray, n);
        ColumnBuffer.Ensure(ref TimeArray, n);
        ColumnBuffer.Ensure(ref TypeArray, n);
        ColumnBuffer.Ensure(ref DeadArray, n);
        for (var i = 0; i < n; i++)
        {
            EventArray[i] = chunk.Event[i];
            TimeArray[i] = chunk.TriggerTimeNs[i];
            TypeArray[i] = TypeByte((long)chunk.TriggerType[i]);
            DeadArray[i] = chunk.DeadtimeNs[i];
        }

        Count = n;
    }

    /// <summary>Copies triggers [from, from+count) of another column set (re-chunking, tests).</summary>
    public void CopyEvents(TriggerColumns source, int from, int count)
    {
        Run = source.Run;
        Chunk = source.Chunk;
        ColumnBuffer.Ensure(ref EventArray, count);
        ColumnBuffer.Ensure(ref TimeArray, count);
        ColumnBuffer.Ensure(ref TypeArray, count);
        ColumnBuffer.Ensure(ref DeadArray, count);
        source.EventArray.AsSpan(from, count).CopyTo(EventArray);
        source.TimeArray.AsSpan(from, count).CopyTo(TimeArray);
        source.TypeArray.AsSpan(from, count).CopyTo(TypeArray);
        source.DeadArray.AsSpan(from, count).CopyTo(DeadArray);
        Count = count;
    }
}

using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// A decoded <see cref="PulseChunk"/> as reusable struct-of-arrays columns (no per-pulse objects).
/// Arrays may be longer than the data: use <see cref="EventCount"/> and <see cref="PulseTotal"/>.
/// Pulse classes outside the enum are stored as 0 (unspecified). Owned by one thread at a time.
/// </summary>
public sealed class PulseColumns
{
    internal ulong[] EventArray = [];
    internal long[] TimeArray = [];
    internal uint[] CountArray = [];
    internal byte[] ClassArray = [];
    internal float[] AreaArray = [];
    internal float[] StartArray = [];
    internal float[] WidthArray = [];
    internal float[] TopArray = [];
    internal uint[] CoincidenceArray = [];

    /// <summary>Run number.</summary>
    public uint Run { get; set; }

    /// <summary>Chunk number within the run.</summary>
    public ulong Chunk { get; set; }

    /// <summary>Events in the chunk.</summary>
    public int EventCount { get; internal set; }

    /// <summary>Pulses in the chunk (sum of <see cref="PulseCount"/>).</summary>
    public int PulseTotal { get; internal set; }

    /// <summary>Which pulse columns hold data.</summary>
    public PulseFields Present { get; internal set; }

    /// <summary>Event numbers.</summary>
    public ReadOnlySpan<ulong> Event => EventArray.AsSpan(0, EventCount);

    /// <summary>Trigger times, UTC ns.</summary>
    public ReadOnlySpan<long> TriggerTimeNs => TimeArray.AsSpan(0, EventCount);

    /// <summary>Pulses per event.</summary>
    public ReadOnlySpan<uint> PulseCount => CountArray.AsSpan(0, EventCount);

    /// <summary>Pulse classes (<see cref="PulseClass"/> values).</summary>
    public ReadOnlySpan<byte> Class => ClassArray.AsSpan(0, PulseTotal);

    /// <summary>Pulse areas, phd.</summary>
    public ReadOnlySpan<float> AreaPhd => AreaArray.AsSpan(0, PulseTotal);

    /// <summary>Pulse starts relative to the trigger, µs.</summary>
    public ReadOnlySpan<float> StartUs => StartArray.AsSpan(0, PulseTotal);

    /// <summary>Pulse RMS widths, µs.</summary>
    public ReadOnlySpan<float> RmsWidthUs => WidthArray.AsSpan(0, PulseTotal);

    /// <summary>Top fractions (when read).</summary>
    public ReadOnlySpan<float> TopFraction => (Present & PulseFields.TopFraction) != 0 ? TopArray.AsSpan(0, PulseTotal) : default;

    /// <summary>PMT coincidences (when read).</summary>
    public ReadOnlySpan<uint> Coincidence => (Present & PulseFields.Coincidence) != 0 ? CoincidenceArray.AsSpan(0, PulseTotal) : default;

    /// <summary>Maps a wire enum value to the stored class byte.</summary>
    public static byte ClassByte(long value) => value is >= 0 and <= (long)PulseClass.Other ? (byte)value : (byte)0;

    /// <summary>Fills the columns from a generated message (JSON input, tests). Reuses arrays.</summary>
    public void CopyFrom(PulseChunk chunk)
    {
        Run = chunk.Run;
        Chunk = chunk.Chunk;
        var n = chunk.Event.Count;
        if (chunk.TriggerTimeNs.Count != n || chunk.PulseCount.Count != n)
        {
            throw new InvalidDataException("pulse chunk event columns have unequal lengths");
        }

        ColumnBuffer.Ensure(ref EventArray, n);
        ColumnBuffer.Ensure(ref TimeArray, n);
        ColumnBuffer.Ensure(ref CountArray, n);
        long total = 0;
        for (var i = 0; i < n; i++)
        {
            EventArray[i] = chunk.Event[i];
            TimeArray[i] = chunk.TriggerTimeNs[i];
            CountArray[i] = chunk.PulseCount[i];
            total += chunk.PulseCount[i];
        }

        var p = chunk.AreaPhd.Count;
        if (total != p || chunk.PulseClass.Count != p || chunk.StartUs.Count != p || chunk.RmsWidthUs.Count != p
            || chunk.TopFraction.Count != p || chunk.Coincidence.Count != p)
        {
            throw new InvalidDataException("pulse chunk pulse columns do not match the pulse counts");
        }

        EventCount = n;
        PulseTotal = p;
        ColumnBuffer.Ensure(ref ClassArray, p);
        ColumnBuffer.Ensure(ref AreaArray, p);
        ColumnBuffer.Ensure(ref StartArray, p);
        ColumnBuffer.Ensure(ref WidthArray, p);
        ColumnBuffer.Ensure(ref TopArray, p);
        ColumnBuffer.Ensure(ref CoincidenceArray, p);
        for (var i = 0; i < p; i++)
        {
            ClassArray[i] = ClassByte((long)chunk.PulseClass[i]);
            AreaArray[i] = chunk.AreaPhd[i];
            StartArray[i] = chunk.StartUs[i];
            WidthArray[i] = chunk.RmsWidthUs[i];
            TopArray[i] = chunk.TopFraction[i];
            CoincidenceArray[i] = chunk.Coincidence[i];
        }

        Present = PulseFields.All;
    }

    /// <summary>Copies events [from, from+count) of another column set into this one (re-chunking, tests).</summary>
    public void CopyEvents(PulseColumns source, int from, int count)
    {
        Run = source.Run;
        Chunk = source.Chunk;
        var firstPulse = 0;
        for (var i = 0; i < from; i++)
        {
            firstPulse += (int)source.CountArray[i];
        }

        var pulses = 0;
        for (var i = from; i < from + count; i++)
        {
            pulses += (int)source.CountArray[i];
        }

        ColumnBuffer.Ensure(ref EventArray, count);
        ColumnBuffer.Ensure(ref TimeArray, count);
        ColumnBuffer.Ensure(ref CountArray, count);
        source.EventArray.AsSpan(from, count).CopyTo(EventArray);
        source.TimeArray.AsSpan(from, count).CopyTo(TimeArray);
        source.CountArray.AsSpan(from, count).CopyTo(CountArray);
        ColumnBuffer.Ensure(ref ClassArray, pulses);
        ColumnBuffer.Ensure(ref AreaArray, pulses);
        ColumnBuffer.Ensure(ref StartArray, pulses);
        ColumnBuffer.Ensure(ref WidthArray, pulses);
        source.ClassArray.AsSpan(firstPulse, pulses).CopyTo(ClassArray);
        source.AreaArray.AsSpan(firstPulse, pulses).CopyTo(AreaArray);
        source.StartArray.AsSpan(firstPulse, pulses).CopyTo(StartArray);
        source.WidthArray.AsSpan(firstPulse, pulses).CopyTo(WidthArray);
        EventCount = count;
        PulseTotal = pulses;
        Present = PulseFields.Kernel;
    }
}

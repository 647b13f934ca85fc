using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Output;

/// <summary>
/// One chunk's events as reusable column buffers (struct of arrays, as on the wire): the
/// trigger columns per event and the pulse columns per pulse. <see cref="Clear"/> keeps the
/// capacity, so a steady simulation allocates nothing per event. Not thread-safe.
/// </summary>
public sealed class ChunkColumns
{
    private ulong[] _event = new ulong[256];
    private long[] _time = new long[256];
    private TriggerType[] _type = new TriggerType[256];
    private uint[] _deadtime = new uint[256];
    private uint[] _pulseCount = new uint[256];
    private PulseClass[] _class = new PulseClass[1024];
    private float[] _area = new float[1024];
    private float[] _start = new float[1024];
    private float[] _width = new float[1024];
    private float[] _top = new float[1024];
    private uint[] _coincidence = new uint[1024];

    /// <summary>Run number.</summary>
    public uint Run { get; internal set; }

    /// <summary>Chunk number within the run (0, 1, 2, ...).</summary>
    public ulong Chunk { get; internal set; }

    /// <summary>Events in the chunk.</summary>
    public int EventCount { get; private set; }

    /// <summary>Pulses in the chunk (sum of <see cref="PulseCount"/>).</summary>
    public int TotalPulses { get; private set; }

    /// <summary>Event numbers.</summary>
    public ReadOnlySpan<ulong> Event => _event.AsSpan(0, EventCount);

    /// <summary>Trigger times, UTC ns.</summary>
    public ReadOnlySpan<long> TriggerTimeNs => _time.AsSpan(0, EventCount);

    /// <summary>Trigger types.</summary>
    public ReadOnlySpan<TriggerType> TriggerType => _type.AsSpan(0, EventCount);

    /// <summary>Dead time since the previous trigger, ns.</summary>
    public ReadOnlySpan<uint> DeadtimeNs => _deadtime.AsSpan(0, EventCount);

    /// <summary>Pulses per event.</summary>
    public ReadOnlySpan<uint> PulseCount => _pulseCount.AsSpan(0, EventCount);

    /// <summary>Pulse classes.</summary>
    public ReadOnlySpan<PulseClass> PulseClass => _class.AsSpan(0, TotalPulses);

    /// <summary>Pulse areas, phd.</summary>
    public ReadOnlySpan<float> AreaPhd => _area.AsSpan(0, TotalPulses);

    /// <summary>Pulse starts relative to the trigger, µs.</summary>
    public ReadOnlySpan<float> StartUs => _start.AsSpan(0, TotalPulses);

    /// <summary>Pulse RMS widths, µs.</summary>
    public ReadOnlySpan<float> RmsWidthUs => _width.AsSpan(0, TotalPulses);

    /// <summary>Top-array fractions.</summary>
    public ReadOnlySpan<float> TopFraction => _top.AsSpan(0, TotalPulses);

    /// <summary>PMTs in each pulse.</summary>
    public ReadOnlySpan<uint> Coincidence => _coincidence.AsSpan(0, TotalPulses);

    /// <summary>Empties the chunk, keeping the buffers.</summary>
    public void Clear()
    {
        EventCount = 0;
        TotalPulses = 0;
    }

    /// <summary>Appends an event and its pulses (already in time order).</summary>
    internal void AddEvent(ulong eventNumber, long timeNs, TriggerType type, uint deadtimeNs, PulseScratch pulses)
    {
        if (EventCount == _event.Length)
        {
            var n = EventCount * 2;
            Array.Resize(ref _event, n);
            Array.Resize(ref _time, n);
            Array.Resize(ref _type, n);
            Array.Resize(ref _deadtime, n);
            Array.Resize(ref _pulseCount, n);
        }

        _event[EventCount] = eventNumber;
        _time[EventCount] = timeNs;
        _type[EventCount] = type;
        _deadtime[EventCount] = deadtimeNs;
        _pulseCount[EventCount] = (uint)pulses.Count;
        EventCount++;

        var need = TotalPulses + pulses.Count;
        if (need > _class.Length)
        {
            var n = Math.Max(need, _class.Length * 2);
            Array.Resize(ref _class, n);
            Array.Resize(ref _area, n);
            Array.Resize(ref _start, n);
            Array.Resize(ref _width, n);
            Array.Resize(ref _top, n);
            Array.Resize(ref _coincidence, n);
        }

        pulses.CopyTo(TotalPulses, _class, _area, _start, _width, _top, _coincidence);
        TotalPulses = need;
    }
}

using LzDQM.Contracts.V1;

namespace LzDQM.Kernel.Windows;

/// <summary>Merging and checkpointing of a run's open-window state.</summary>
public sealed partial class RunAnalysis
{
    /// <summary>
    /// Adds another partial state of the same run (e.g. another partition's share of its chunks,
    /// or a checkpoint) into this one. Pane merges are exact, so merging the partials of any split
    /// of the input gives the state of the whole. Panes the other state holds for windows this one
    /// has already closed are counted as late. Writer thread only; <paramref name="other"/> must not
    /// be written meanwhile.
    /// </summary>
    public void Merge(RunAnalysis other)
    {
        if (other.Run != Run)
        {
            throw new ArgumentException($"cannot merge run {other.Run} into run {Run}", nameof(other));
        }

        if (Mode == RunMode.Unspecified)
        {
            Mode = other.Mode;
        }

        StartNs = Min(StartNs, other.StartNs);
        StopNs = Min(StopNs, other.StopNs);
        _firstEventNs = Math.Min(_firstEventNs, other._firstEventNs);
        _triggerWatermark = Math.Max(_triggerWatermark, other._triggerWatermark);
        _pulseWatermark = Math.Max(_pulseWatermark, other._pulseWatermark);
        LateEvents += other.LateEvents;
        TriggerCount += other.TriggerCount;
        PulseEventCount += other.PulseEventCount;
        PulseCount += other.PulseCount;
        SingleScatterCount += other.SingleScatterCount;
        MergeRing(Rates, other.Rates);
        MergeRing(Lifetime, other.Lifetime);
        MergeRing(Drift, other.Drift);
        MergeRing(Width, other.Width);
    }

    /// <summary>
    /// Writes the run's open windows (versioned binary: header, then every open pane of each
    /// family, histograms sparse) for a checkpoint or a move to another node. Writer thread only.
    /// </summary>
    public void WriteState(BinaryWriter w)
    {
        w.Write((byte)StateVersion);
        w.Write(Run);
        w.Write((int)Mode);
        w.Write(StartNs ?? long.MinValue);
        w.Write(StopNs ?? long.MinValue);
        w.Write(_firstEventNs);
        w.Write(_triggerWatermark);
        w.Write(_pulseWatermark);
        w.Write(LateEvents);
        w.Write(TriggerCount);
        w.Write(PulseEventCount);
        w.Write(PulseCount);
        w.Write(SingleScatterCount);
        w.Write(_widthBins);
        Rates.Write(w);
        Lifetime.Write(w);
        Drift.Write(w);
        Width.Write(w);
    }

    /// <summary>Reads a state written by <see cref="WriteState"/> with the same options; throws <see cref="InvalidDataException"/> otherwise.</summary>
    public static RunAnalysis ReadState(BinaryReader r, KernelOptions options)
    {
        var version = r.ReadByte();
        if (version != StateVersion)
        {
            throw new InvalidDataException($"unsupported run state version {version}");
        }

        var a = new RunAnalysis(r.ReadUInt32(), options)
        {
            Mode = (RunMode)r.ReadInt32(),
        };
        var start = r.ReadInt64();
        var stop = r.ReadInt64();
        a.StartNs = start == long.MinValue ? null : start;
        a.StopNs = stop == long.MinValue ? null : stop;
        a._firstEventNs = r.ReadInt64();
        a._triggerWatermark = r.ReadInt64();
        a._pulseWatermark = r.ReadInt64();
        a.LateEvents = r.ReadInt64();
        a.TriggerCount = r.ReadInt64();
        a.PulseEventCount = r.ReadInt64();
        a.PulseCount = r.ReadInt64();
        a.SingleScatterCount = r.ReadInt64();
        if (r.ReadInt32() != a._widthBins)
        {
            throw new InvalidDataException("run state was written with a different fit binning");
        }

        a.Rates.Read(r);
        a.Lifetime.Read(r);
        a.Drift.Read(r);
        a.Width.Read(r);
        return a;
    }

    /// <summary>The state as bytes.</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            WriteState(w);
        }

        return ms.ToArray();
    }

    /// <summary>A state from <see cref="ToBytes"/>.</summary>
    public static RunAnalysis FromBytes(byte[] bytes, KernelOptions options)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return ReadState(r, options);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when a trigger chunk starts before this run's trigger watermark.</summary>
    public void CheckTriggerOrder(Columns.TriggerColumns c)
    {
        if (c.Count > 0 && c.TriggerTimeNs[0] < _triggerWatermark)
        {
            throw new InvalidDataException("trigger times go backwards across chunks");
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when a pulse chunk starts before this run's pulse watermark.</summary>
    public void CheckPulseOrder(Columns.PulseColumns c)
    {
        if (c.EventCount > 0 && c.TriggerTimeNs[0] < _pulseWatermark)
        {
            throw new InvalidDataException("pulse times go backwards across chunks");
        }
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static void MergeRing<T>(PaneRing<T> into, PaneRing<T> from)
        where T : class, Panes.IPane<T>
    {
        if (into.NextEnd == long.MinValue || (from.NextEnd != long.MinValue && from.NextEnd < into.NextEnd))
        {
            // Keep the earliest still-open window so no partial's panes are lost.
            into.NextEnd = from.NextEnd;
        }

        into.Merge(from);
    }
}

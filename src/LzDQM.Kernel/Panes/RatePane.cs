namespace LzDQM.Kernel.Panes;

/// <summary>
/// Trigger counts by type, DAQ dead time, pulse counts by class and the number of events in
/// the pulse stream, for one step of event time. All integers: merges are exact.
/// </summary>
public sealed class RatePane : IPane<RatePane>
{
    /// <summary>Trigger counts indexed by TriggerType (0–5).</summary>
    public readonly long[] Triggers = new long[6];

    /// <summary>Pulse counts indexed by PulseClass (0–5).</summary>
    public readonly long[] Pulses = new long[6];

    /// <summary>Dead time falling inside this pane, ns.</summary>
    public long DeadNs;

    /// <summary>Events seen in the pulse stream.</summary>
    public long PulseEvents;

    /// <inheritdoc/>
    public void Clear()
    {
        Array.Clear(Triggers);
        Array.Clear(Pulses);
        DeadNs = 0;
        PulseEvents = 0;
    }

    /// <inheritdoc/>
    public void Merge(RatePane other)
    {
        for (var i = 0; i < 6; i++)
        {
            Triggers[i] += other.Triggers[i];
            Pulses[i] += other.Pulses[i];
        }

        DeadNs += other.DeadNs;
        PulseEvents += other.PulseEvents;
    }

    /// <inheritdoc/>
    public void Write(BinaryWriter writer)
    {
        foreach (var t in Triggers)
        {
            writer.Write7BitEncodedInt64(t);
        }

        foreach (var p in Pulses)
        {
            writer.Write7BitEncodedInt64(p);
        }

        writer.Write7BitEncodedInt64(DeadNs);
        writer.Write7BitEncodedInt64(PulseEvents);
    }

    /// <inheritdoc/>
    public void Read(BinaryReader reader)
    {
        for (var i = 0; i < 6; i++)
        {
            Triggers[i] = reader.Read7BitEncodedInt64();
        }

        for (var i = 0; i < 6; i++)
        {
            Pulses[i] = reader.Read7BitEncodedInt64();
        }

        DeadNs = reader.Read7BitEncodedInt64();
        PulseEvents = reader.Read7BitEncodedInt64();
    }

    /// <inheritdoc/>
    public bool SameState(RatePane other) =>
        Triggers.AsSpan().SequenceEqual(other.Triggers) && Pulses.AsSpan().SequenceEqual(other.Pulses)
        && DeadNs == other.DeadNs && PulseEvents == other.PulseEvents;
}

namespace LzDQM.Kernel.Panes;

/// <summary>
/// Per drift-time bin moments of (drift time, ln S2) for the two lifetime populations
/// (index 0 single scatter, 1 Kr-83m) over the fiducial range. Exact, mergeable.
/// </summary>
public sealed class LifetimePane : IPane<LifetimePane>
{
    /// <summary>Creates an empty pane with <paramref name="bins"/> drift bins per population.</summary>
    public LifetimePane(int bins)
    {
        SingleScatter = new Moments[bins];
        Kr83m = new Moments[bins];
    }

    /// <summary>Single-scatter population.</summary>
    public Moments[] SingleScatter { get; }

    /// <summary>Kr-83m population.</summary>
    public Moments[] Kr83m { get; }

    /// <inheritdoc/>
    public void Clear()
    {
        Array.Clear(SingleScatter);
        Array.Clear(Kr83m);
    }

    /// <inheritdoc/>
    public void Merge(LifetimePane other)
    {
        for (var i = 0; i < SingleScatter.Length; i++)
        {
            SingleScatter[i].Merge(other.SingleScatter[i]);
            Kr83m[i].Merge(other.Kr83m[i]);
        }
    }

    /// <inheritdoc/>
    public void Write(BinaryWriter writer)
    {
        WriteBins(writer, SingleScatter);
        WriteBins(writer, Kr83m);
    }

    /// <inheritdoc/>
    public void Read(BinaryReader reader)
    {
        ReadBins(reader, SingleScatter);
        ReadBins(reader, Kr83m);
    }

    /// <inheritdoc/>
    public bool SameState(LifetimePane other) =>
        SingleScatter.AsSpan().SequenceEqual(other.SingleScatter) && Kr83m.AsSpan().SequenceEqual(other.Kr83m);

    internal static void WriteBins(BinaryWriter w, Moments[] bins)
    {
        w.Write7BitEncodedInt(bins.Length);
        for (var i = 0; i < bins.Length; i++)
        {
            // Empty bins cost one byte.
            w.Write(bins[i].N != 0);
            if (bins[i].N != 0)
            {
                bins[i].Write(w);
            }
        }
    }

    internal static void ReadBins(BinaryReader r, Moments[] bins)
    {
        if (r.Read7BitEncodedInt() != bins.Length)
        {
            throw new InvalidDataException("pane state has a different drift binning");
        }

        for (var i = 0; i < bins.Length; i++)
        {
            bins[i] = r.ReadBoolean() ? Moments.Read(r) : default;
        }
    }
}

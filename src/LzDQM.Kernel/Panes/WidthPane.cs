namespace LzDQM.Kernel.Panes;

/// <summary>
/// S2 width state of single scatters: per drift bin moments of (drift time, σ²) over the width
/// range, the width spectrum (median) and the drift spectrum (the window's own drift velocity
/// for D_L). Exact, mergeable.
/// </summary>
public sealed partial class WidthPane : IPane<WidthPane>
{
    /// <summary>Creates an empty pane with <paramref name="bins"/> drift bins.</summary>
    public WidthPane(int bins) => SigmaSquared = new Moments[bins];

    /// <summary>Moments of (drift µs, σ² µs²) per drift bin.</summary>
    public Moments[] SigmaSquared { get; }

    /// <summary>Main-S2 RMS widths (see <see cref="WidthHistogram"/>).</summary>
    public readonly long[] Widths = new long[WidthHistogram.Bins];

    /// <summary>Drift spectrum of the same events.</summary>
    public readonly long[] Drift = new long[DriftHistogram.Bins];

    /// <inheritdoc/>
    public void Clear()
    {
        Array.Clear(SigmaSquared);
        Array.Clear(Widths);
        Array.Clear(Drift);
    }

    /// <inheritdoc/>
    public void Merge(WidthPane other)
    {
        for (var i = 0; i < SigmaSquared.Length; i++)
        {
            SigmaSquared[i].Merge(other.SigmaSquared[i]);
        }

        Histogram.Merge(Widths, other.Widths);
        Histogram.Merge(Drift, other.Drift);
    }

    /// <inheritdoc/>
    public void Write(BinaryWriter writer)
    {
        Moments.WriteBins(writer, SigmaSquared);
        Histogram.Write(writer, Widths);
        Histogram.Write(writer, Drift);
    }

    /// <inheritdoc/>
    public void Read(BinaryReader reader)
    {
        Moments.ReadBins(reader, SigmaSquared);
        Histogram.Read(reader, Widths);
        Histogram.Read(reader, Drift);
    }

    /// <inheritdoc/>
    public bool SameState(WidthPane other) =>
        SigmaSquared.AsSpan().SequenceEqual(other.SigmaSquared) && Widths.AsSpan().SequenceEqual(other.Widths)
        && Drift.AsSpan().SequenceEqual(other.Drift);
}

namespace LzDQM.Kernel.Panes;

/// <summary>The drift-time spectrum of single scatters (see <see cref="DriftHistogram"/>). Exact, mergeable.</summary>
public sealed class DriftPane : IPane<DriftPane>
{
    /// <summary>Counts per drift bin.</summary>
    public readonly long[] Spectrum = new long[DriftHistogram.Bins];

    /// <inheritdoc/>
    public void Clear() => Array.Clear(Spectrum);

    /// <inheritdoc/>
    public void Merge(DriftPane other) => Histogram.Merge(Spectrum, other.Spectrum);

    /// <inheritdoc/>
    public void Write(BinaryWriter writer) => Histogram.Write(writer, Spectrum);

    /// <inheritdoc/>
    public void Read(BinaryReader reader) => Histogram.Read(reader, Spectrum);

    /// <inheritdoc/>
    public bool SameState(DriftPane other) => Spectrum.AsSpan().SequenceEqual(other.Spectrum);
}

namespace LzDQM.Kernel.Columns;

/// <summary>
/// The single scatters of one pulse chunk as columns: what the selection pass gathers (trigger
/// time, drift time and its spectrum bin, S1 and main-S2 area, main-S2 width) for the physics passes that follow, so
/// each pass is a short loop over contiguous arrays. Reused chunk after chunk (no allocation once
/// grown); owned by one writer thread.
/// </summary>
public sealed class SingleScatters
{
    internal long[] TimeArray = new long[256];
    internal double[] DriftArray = new double[256];
    internal int[] BinArray = new int[256];
    internal float[] S1Array = new float[256];
    internal float[] S2Array = new float[256];
    internal float[] WidthArray = new float[256];

    // S1 and main-S2 start times, µs: gathered by the selection, turned into drift times and bins
    // at vector width afterwards (DriftTimes).
    internal float[] S1StartArray = new float[256];
    internal float[] S2StartArray = new float[256];

    /// <summary>Single scatters held.</summary>
    public int Count { get; internal set; }

    /// <summary>Trigger times, ns.</summary>
    public ReadOnlySpan<long> TimeNs => TimeArray.AsSpan(0, Count);

    /// <summary>Drift times (main S2 start − S1 start, in double as the fits use them), µs.</summary>
    public ReadOnlySpan<double> DriftUs => DriftArray.AsSpan(0, Count);

    /// <summary>Drift-spectrum bins of the drift times (<see cref="DriftHistogram.Bin"/>, -1 outside).</summary>
    public ReadOnlySpan<int> DriftBin => BinArray.AsSpan(0, Count);

    /// <summary>S1 areas, phd.</summary>
    public ReadOnlySpan<float> S1Phd => S1Array.AsSpan(0, Count);

    /// <summary>Main-S2 areas, phd.</summary>
    public ReadOnlySpan<float> S2Phd => S2Array.AsSpan(0, Count);

    /// <summary>Main-S2 RMS widths, µs.</summary>
    public ReadOnlySpan<float> S2WidthUs => WidthArray.AsSpan(0, Count);

    /// <summary>Fills the drift times and bins from the gathered start times (after the selection). Writer thread only.</summary>
    internal void ComputeDrifts() =>
        DriftTimes.Compute(S1StartArray.AsSpan(0, Count), S2StartArray.AsSpan(0, Count), DriftArray.AsSpan(0, Count), BinArray.AsSpan(0, Count));

    /// <summary>Empties the set and makes room for <paramref name="capacity"/> entries.</summary>
    public void Reset(int capacity)
    {
        Count = 0;
        ColumnBuffer.Ensure(ref TimeArray, capacity);
        ColumnBuffer.Ensure(ref DriftArray, capacity);
        ColumnBuffer.Ensure(ref BinArray, capacity);
        ColumnBuffer.Ensure(ref S1Array, capacity);
        ColumnBuffer.Ensure(ref S2Array, capacity);
        ColumnBuffer.Ensure(ref WidthArray, capacity);
        ColumnBuffer.Ensure(ref S1StartArray, capacity);
        ColumnBuffer.Ensure(ref S2StartArray, capacity);
    }
}

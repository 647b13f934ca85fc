namespace LzDQM.Kernel.Columns;

/// <summary>
/// The single scatters of one pulse chunk as columns: what the selection pass gathers (trigger
/// time, drift time, S1 and main-S2 area, main-S2 width) for the physics passes that follow, so
/// each pass is a short loop over contiguous arrays. Reused chunk after chunk (no allocation once
/// grown); owned by one writer thread.
/// </summary>
public sealed class SingleScatters
{
    private long[] _timeNs = new long[256];
    private double[] _driftUs = new double[256];
    private float[] _s1Phd = new float[256];
    private float[] _s2Phd = new float[256];
    private float[] _s2WidthUs = new float[256];

    /// <summary>Single scatters held.</summary>
    public int Count { get; private set; }

    /// <summary>Trigger times, ns.</summary>
    public ReadOnlySpan<long> TimeNs => _timeNs.AsSpan(0, Count);

    /// <summary>Drift times (main S2 start − S1 start, in double as the fits use them), µs.</summary>
    public ReadOnlySpan<double> DriftUs => _driftUs.AsSpan(0, Count);

    /// <summary>S1 areas, phd.</summary>
    public ReadOnlySpan<float> S1Phd => _s1Phd.AsSpan(0, Count);

    /// <summary>Main-S2 areas, phd.</summary>
    public ReadOnlySpan<float> S2Phd => _s2Phd.AsSpan(0, Count);

    /// <summary>Main-S2 RMS widths, µs.</summary>
    public ReadOnlySpan<float> S2WidthUs => _s2WidthUs.AsSpan(0, Count);

    /// <summary>Empties the set and makes room for <paramref name="capacity"/> entries.</summary>
    public void Reset(int capacity)
    {
        Count = 0;
        ColumnBuffer.Ensure(ref _timeNs, capacity);
        ColumnBuffer.Ensure(ref _driftUs, capacity);
        ColumnBuffer.Ensure(ref _s1Phd, capacity);
        ColumnBuffer.Ensure(ref _s2Phd, capacity);
        ColumnBuffer.Ensure(ref _s2WidthUs, capacity);
    }

    /// <summary>Appends one single scatter (room made by <see cref="Reset"/>).</summary>
    public void Add(long timeNs, double driftUs, float s1Phd, float s2Phd, float s2WidthUs)
    {
        var i = Count;
        _timeNs[i] = timeNs;
        _driftUs[i] = driftUs;
        _s1Phd[i] = s1Phd;
        _s2Phd[i] = s2Phd;
        _s2WidthUs[i] = s2WidthUs;
        Count = i + 1;
    }
}

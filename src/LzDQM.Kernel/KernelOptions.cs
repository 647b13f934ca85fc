using LzDQM.Contracts.V1;

namespace LzDQM.Kernel;

/// <summary>
/// Configuration of the kernel: windows per metric family (SPEC §3 defaults), selections,
/// fit ranges and minimum statistics. Immutable once a kernel is built with it.
/// </summary>
public sealed record KernelOptions
{
    /// <summary>Trigger and pulse rates: 60 s sliding, step 10 s.</summary>
    public WindowSpec Rates { get; init; } = WindowSpec.FromSeconds(60, 10);

    /// <summary>Electron lifetime: 20 min sliding, step 1 min.</summary>
    public WindowSpec Lifetime { get; init; } = WindowSpec.FromSeconds(1200, 60);

    /// <summary>Drift-time spectrum edges: 5 min sliding, step 1 min.</summary>
    public WindowSpec Drift { get; init; } = WindowSpec.FromSeconds(300, 60);

    /// <summary>S2 width vs drift time: 5 min sliding, step 1 min.</summary>
    public WindowSpec Width { get; init; } = WindowSpec.FromSeconds(300, 60);

    /// <summary>Smallest S1 area (phd) that counts as an S1 in the single-scatter definition.</summary>
    public float S1ThresholdPhd { get; init; } = 3f;

    /// <summary>The largest S2 must be at least this many times the second largest.</summary>
    public float S2DominanceRatio { get; init; } = 5f;

    /// <summary>The Kr-83m population cuts per run mode; a mode absent here has no Kr-83m population.</summary>
    public IReadOnlyDictionary<RunMode, PopulationCuts> Kr83mCuts { get; init; } =
        new Dictionary<RunMode, PopulationCuts> { [RunMode.Kr83M] = PopulationCuts.Kr83m };

    /// <summary>Fiducial drift range of the lifetime fit, µs.</summary>
    public (double Min, double Max) LifetimeDriftUs { get; init; } = (50, 900);

    /// <summary>Drift range of the S2 width fit, µs.</summary>
    public (double Min, double Max) WidthDriftUs { get; init; } = (50, 900);

    /// <summary>Drift-time bin of the width fit, µs.</summary>
    public double FitBinUs { get; init; } = 25;

    /// <summary>Drift-time bin of the lifetime histograms, µs.</summary>
    public double LifetimeDriftBinUs { get; init; } = 10;

    /// <summary>ln S2 bin of the lifetime histograms (0.02 ≈ a quarter of the Kr-83m resolution).</summary>
    public double LnS2BinWidth { get; init; } = 0.02;

    /// <summary>ln S2 range of the single-scatter lifetime histogram (55 phd to 8.9×10⁶ phd: the whole ER spectrum).</summary>
    public (double Min, double Max) SingleScatterLnS2Range { get; init; } = (4, 16);

    /// <summary>ln S2 bin of the single-scatter histogram (its spectrum is broad, so coarser bins lose nothing).</summary>
    public double SingleScatterLnS2Bin { get; init; } = 0.05;

    /// <summary>Residual cut, in standard deviations, of the iterated lifetime fit.</summary>
    public double LifetimeClipSigma { get; init; } = 3;

    /// <summary>Fewest events of a population for a lifetime point.</summary>
    public int LifetimeMinEvents { get; init; } = 500;

    /// <summary>Fewest single scatters for a drift point.</summary>
    public int DriftMinEvents { get; init; } = 1000;

    /// <summary>Fewest single scatters in the width range for a width point.</summary>
    public int WidthMinEvents { get; init; } = 500;

    /// <summary>TPC drift length cathode to gate, mm (SPEC §1).</summary>
    public double DriftLengthMm { get; init; } = 1456;

    /// <summary>Drift velocity used for D_L when a window's own edges cannot be found, mm/µs.</summary>
    public double NominalDriftVelocityMmUs { get; init; } = 1.53;

    /// <summary>
    /// How far one input stream (triggers or pulses) may run ahead of the other before windows
    /// close on the leading stream alone. In a time-ordered replay the streams are within a chunk
    /// of each other, so windows close on both streams and results do not depend on chunking.
    /// </summary>
    public long MaxStreamSkewNs { get; init; } = 30_000_000_000;

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        Rates.Validate(nameof(Rates));
        Lifetime.Validate(nameof(Lifetime));
        Drift.Validate(nameof(Drift));
        Width.Validate(nameof(Width));
        if (FitBinUs <= 0 || LifetimeDriftBinUs <= 0 || LnS2BinWidth <= 0 || SingleScatterLnS2Bin <= 0 || LifetimeClipSigma < 1 || LifetimeDriftUs.Max <= LifetimeDriftUs.Min || WidthDriftUs.Max <= WidthDriftUs.Min
            || LifetimeDriftUs.Min < 0 || WidthDriftUs.Min < 0 || LifetimeDriftUs.Max > DriftHistogram.RangeUs || WidthDriftUs.Max > DriftHistogram.RangeUs)
        {
            throw new ArgumentException("fit drift ranges must be inside 0–1100 µs with a positive bin");
        }
    }
}

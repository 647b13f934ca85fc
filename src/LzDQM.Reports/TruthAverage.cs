namespace LzDQM.Reports;

/// <summary>How the truth is averaged over a window to give what the window should measure.</summary>
internal enum TruthAverage
{
    /// <summary>Time average.</summary>
    Mean,

    /// <summary>Harmonic mean: an exponential fit measures the mean attenuation 1/τ, not the mean τ.</summary>
    Harmonic,
}

namespace LzDQM.Kernel.Fits;

/// <summary>Result of the S2 width fit σ² = σ₀² + slope·t.</summary>
/// <param name="Sigma0Us">Intrinsic width σ₀, µs.</param>
/// <param name="SlopeUs2PerUs">Slope of σ² against drift time, µs²/µs.</param>
/// <param name="SlopeErr">1σ error of the slope.</param>
/// <param name="DlCm2PerS">Longitudinal diffusion D_L = slope·v²/2, cm²/s.</param>
/// <param name="MedianUs">Median S2 width, µs.</param>
/// <param name="Events">Events in the fit.</param>
public readonly record struct WidthResult(double Sigma0Us, double SlopeUs2PerUs, double SlopeErr, double DlCm2PerS, double MedianUs, long Events);

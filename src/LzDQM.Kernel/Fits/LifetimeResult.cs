namespace LzDQM.Kernel.Fits;

/// <summary>Result of an electron-lifetime fit.</summary>
/// <param name="TauUs">Lifetime τ, µs.</param>
/// <param name="TauErrUs">1σ error of τ, µs.</param>
/// <param name="S20Phd">S2 at zero drift (mean, lognormal-corrected), phd.</param>
/// <param name="Events">Events in the fit.</param>
/// <param name="Chi2Ndf">Lack-of-fit χ²/ndf of the drift-bin means, or null with fewer than three bins.</param>
public readonly record struct LifetimeResult(double TauUs, double TauErrUs, double S20Phd, long Events, double? Chi2Ndf);

namespace LzDQM.Kernel.Fits;

/// <summary>Edges of the drift-time spectrum.</summary>
/// <param name="CathodeUs">Cathode edge (half plateau), µs.</param>
/// <param name="CathodeErrUs">1σ error of the cathode edge, µs.</param>
/// <param name="GateUs">Gate edge (half plateau), µs.</param>
/// <param name="GateErrUs">1σ error of the gate edge, µs.</param>
/// <param name="DriftVelocityMmUs">Drift length / (cathode − gate), mm/µs.</param>
/// <param name="MedianUs">Median drift time, µs.</param>
/// <param name="Events">Events in the spectrum.</param>
public readonly record struct DriftEdgeResult(double CathodeUs, double CathodeErrUs, double GateUs, double GateErrUs, double DriftVelocityMmUs, double MedianUs, long Events);

namespace LzDQM.Kernel.Columns;

/// <summary>
/// The S1 and main-S2 pulses of a (candidate) single scatter as the selection read them: their
/// areas (phd) and start times (µs). A value; any thread.
/// </summary>
/// <param name="S1Area">S1 area, phd.</param>
/// <param name="S2Area">Main-S2 area, phd.</param>
/// <param name="S1Start">S1 start, µs.</param>
/// <param name="S2Start">Main-S2 start, µs.</param>
internal readonly record struct ScatterPulses(float S1Area, float S2Area, float S1Start, float S2Start);

using System.Runtime.CompilerServices;

namespace LzDQM.Kernel.Panes;

/// <summary>
/// The drift axis both lifetime histograms of a pane share, and their ln S2 row lengths, as plain
/// values for the hot loop (<see cref="LifetimeCells"/>). Immutable; any thread.
/// </summary>
/// <param name="MinUs">Lower edge of drift bin 0, µs.</param>
/// <param name="PerUs">Drift bins per µs (1 / bin width, as the histogram computes it).</param>
/// <param name="Bins">Drift bins.</param>
/// <param name="SingleScatterRow">ln S2 bins of the single-scatter histogram.</param>
/// <param name="Kr83mRow">ln S2 bins of the Kr-83m histogram.</param>
internal readonly record struct LifetimeDriftAxis(double MinUs, double PerUs, int Bins, int SingleScatterRow, int Kr83mRow)
{
    /// <summary>
    /// <see cref="LifetimeHistogram.DriftBin"/> (whose saturating conversion puts NaN in bin 0)
    /// without the saturation: ⌊x⌋ for x = (drift − min) · perUs in [0, bins), 0 for NaN, else -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bin(double driftUs)
    {
        var x = (driftUs - MinUs) * PerUs;
        return (x >= 0) & (x < Bins) ? InRangeTruncation.ToInt32(Math.Floor(x)) : double.IsNaN(x) ? 0 : -1;
    }
}

using System.Runtime.CompilerServices;

namespace LzDQM.Kernel;

/// <summary>Binning of the S2 RMS-width spectrum (for its median): 0–20 µs in 0.01 µs bins.</summary>
public static class WidthHistogram
{
    /// <summary>Bin width, µs.</summary>
    public const double BinUs = 0.01;

    /// <summary>Number of bins (the last also takes overflow).</summary>
    public const int Bins = 2000;

    /// <summary>Bin of a width (clamped into range; ×100 is 1/<see cref="BinUs"/>).</summary>
    /// <remarks>
    /// Same answer as <c>widthUs &lt;= 0 ? 0 : (int)Math.Min(Bins - 1, Math.Floor(widthUs * 100))</c>
    /// (NaN gives 0 either way) without Math.Min's NaN and signed-zero handling. Hot path.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bin(double widthUs)
    {
        var f = Math.Floor(widthUs * 100);
        if ((widthUs > 0) & (f < Bins - 1))
        {
            // 0 ≤ f < Bins − 1: the bare conversion is exact.
            return InRangeTruncation.ToInt32(f);
        }

        // At or past the last bin, or not positive (NaN included, as (int)NaN is 0).
        return (widthUs > 0) & (f >= Bins - 1) ? Bins - 1 : 0;
    }
}

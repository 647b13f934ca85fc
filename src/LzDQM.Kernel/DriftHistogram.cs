using System.Runtime.CompilerServices;

namespace LzDQM.Kernel;

/// <summary>Binning of the drift-time spectrum: 0–1100 µs in 0.5 µs bins.</summary>
public static class DriftHistogram
{
    /// <summary>Upper end of the spectrum, µs.</summary>
    public const double RangeUs = 1100;

    /// <summary>Bin width, µs.</summary>
    public const double BinUs = 0.5;

    /// <summary>Number of bins.</summary>
    public const int Bins = (int)(RangeUs / BinUs);

    /// <summary>Bin of a drift time, or -1 outside the range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bin(double driftUs)
    {
        // ⌊d / 0.5⌋ < Bins exactly when d < RangeUs (d / 0.5 = 2d is exact), so the range test can
        // come first and the conversion needs no saturation: same answer as testing the bin.
        var inRange = (driftUs >= 0) & (driftUs < RangeUs);
        var b = InRangeTruncation.ToInt32(Math.Floor(driftUs / BinUs));
        // −1 when out of range without a branch (mostly in range, but not predictably so).
        return b | ((int)Unsafe.BitCast<bool, byte>(inRange) - 1);
    }
}

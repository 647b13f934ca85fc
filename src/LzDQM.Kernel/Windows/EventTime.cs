using System.Runtime.CompilerServices;

namespace LzDQM.Kernel.Windows;

/// <summary>Integer event-time arithmetic (floor division for pane indices).</summary>
public static class EventTime
{
    /// <summary>⌊t / step⌋ for any sign of t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorDiv(long t, long step)
    {
        var q = t / step;
        return (t % step != 0 && (t < 0)) ? q - 1 : q;
    }
}

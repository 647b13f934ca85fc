using System.Runtime.CompilerServices;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// Remembers the last pane looked up so consecutive events of a chunk (nearly always in the same
/// pane) skip the division and ring lookup. Valid only while no window closes; stack-only.
/// </summary>
/// <typeparam name="TPane">Pane type.</typeparam>
internal ref struct PaneCursor<TPane>
    where TPane : class, IPane<TPane>
{
    private readonly PaneRing<TPane> _ring;
    private long _lo;
    private long _hi;
    private TPane? _pane;

    public PaneCursor(PaneRing<TPane> ring)
    {
        _ring = ring;
        _lo = long.MaxValue;
        _hi = long.MinValue;
        _pane = null;
    }

    /// <summary>Start (ns) of the current pane.</summary>
    public readonly long PaneStart => _lo;

    /// <summary>The pane holding event time <paramref name="t"/>, or null when it is closed (late).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TPane? For(long t)
    {
        if (t >= _lo && t < _hi)
        {
            return _pane;
        }

        return Move(t);
    }

    private TPane? Move(long t)
    {
        var step = _ring.Spec.StepNs;
        var p = EventTime.FloorDiv(t, step);
        _pane = _ring.Get(p);
        _lo = p * step;
        _hi = _lo + step;
        return _pane;
    }
}

using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// The open panes of one metric family of one run, in a power-of-two ring indexed by pane
/// number (event time / step). Each event touches one pane; a window is the merge of its
/// <see cref="WindowSpec.Panes"/> panes. Panes are recycled once every window holding them
/// has closed, so steady state allocates nothing; the ring only grows when the input streams
/// drift far apart. Single writer; not thread-safe.
/// </summary>
/// <typeparam name="TPane">Pane type.</typeparam>
public sealed class PaneRing<TPane>
    where TPane : class, IPane<TPane>
{
    private readonly Func<TPane> _factory;
    private TPane?[] _slots;
    private long[] _index;
    private int _mask;

    /// <summary>Creates an empty ring.</summary>
    public PaneRing(WindowSpec spec, Func<TPane> factory)
    {
        Spec = spec;
        _factory = factory;
        var cap = 1;
        while (cap < spec.Panes + 4)
        {
            cap <<= 1;
        }

        _slots = new TPane?[cap];
        _index = new long[cap];
        _index.AsSpan().Fill(long.MinValue);
        _mask = cap - 1;
        Scratch = factory();
    }

    /// <summary>Window length and step.</summary>
    public WindowSpec Spec { get; }

    /// <summary>End (ns, a multiple of the step) of the next window to close; long.MinValue before the run starts.</summary>
    public long NextEnd { get; set; } = long.MinValue;

    /// <summary>Oldest pane number any still-open window holds; events before it are late.</summary>
    public long OldestOpenPane => NextEnd == long.MinValue ? long.MinValue : EventTime.FloorDiv(NextEnd, Spec.StepNs) - Spec.Panes;

    /// <summary>A reusable pane that window merges write into.</summary>
    public TPane Scratch { get; }

    /// <summary>The pane of a pane number, created on first use; null when the pane is already closed (late event).</summary>
    public TPane? Get(long pane)
    {
        if (pane < OldestOpenPane)
        {
            return null;
        }

        var slot = (int)(pane & _mask);
        if (_index[slot] == pane)
        {
            return _slots[slot];
        }

        if (_index[slot] != long.MinValue)
        {
            Grow();
            return Get(pane);
        }

        var p = _slots[slot] ??= _factory();
        p.Clear();
        _index[slot] = pane;
        return p;
    }

    /// <summary>The pane if it exists, without creating it.</summary>
    public TPane? Peek(long pane)
    {
        var slot = (int)(pane & _mask);
        return _index[slot] == pane ? _slots[slot] : null;
    }

    /// <summary>Merges the panes of the window ending at <paramref name="endNs"/> into <see cref="Scratch"/> and returns it.</summary>
    public TPane MergeWindow(long endNs)
    {
        var scratch = Scratch;
        scratch.Clear();
        var last = EventTime.FloorDiv(endNs, Spec.StepNs);

        // Fixed order (oldest first) keeps even non-integer state bit-identical.
        for (var p = last - Spec.Panes; p < last; p++)
        {
            var pane = Peek(p);
            if (pane is not null)
            {
                scratch.Merge(pane);
            }
        }

        return scratch;
    }

    /// <summary>Frees panes older than <see cref="OldestOpenPane"/>.</summary>
    public void ReleaseClosed()
    {
        var oldest = OldestOpenPane;
        for (var s = 0; s < _index.Length; s++)
        {
            if (_index[s] != long.MinValue && _index[s] < oldest)
            {
                _index[s] = long.MinValue;
            }
        }
    }

    /// <summary>Open panes by pane number (ascending).</summary>
    public IEnumerable<(long Pane, TPane State)> OpenPanes()
    {
        var list = new List<(long, TPane)>();
        for (var s = 0; s < _index.Length; s++)
        {
            if (_index[s] != long.MinValue)
            {
                list.Add((_index[s], _slots[s]!));
            }
        }

        list.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    /// <summary>Merges another ring's open panes into this one (same spec).</summary>
    public void Merge(PaneRing<TPane> other)
    {
        foreach (var (pane, state) in other.OpenPanes())
        {
            Get(pane)?.Merge(state);
        }
    }

    /// <summary>Writes the open panes.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(NextEnd);
        var open = OpenPanes().ToList();
        w.Write7BitEncodedInt(open.Count);
        foreach (var (pane, state) in open)
        {
            w.Write(pane);
            state.Write(w);
        }
    }

    /// <summary>Replaces the state with what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader r)
    {
        _index.AsSpan().Fill(long.MinValue);
        NextEnd = r.ReadInt64();
        var n = r.Read7BitEncodedInt();
        for (var i = 0; i < n; i++)
        {
            var pane = r.ReadInt64();
            var p = Get(pane) ?? throw new InvalidDataException("checkpoint holds a pane older than its open windows");
            p.Read(r);
        }
    }

    private void Grow()
    {
        var oldSlots = _slots;
        var oldIndex = _index;
        var cap = oldSlots.Length * 2;
        _slots = new TPane?[cap];
        _index = new long[cap];
        _index.AsSpan().Fill(long.MinValue);
        _mask = cap - 1;
        for (var s = 0; s < oldSlots.Length; s++)
        {
            if (oldIndex[s] == long.MinValue)
            {
                continue;
            }

            var slot = (int)(oldIndex[s] & _mask);
            _slots[slot] = oldSlots[s];
            _index[slot] = oldIndex[s];
        }
    }
}

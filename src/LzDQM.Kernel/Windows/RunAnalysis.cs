using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Panes;

namespace LzDQM.Kernel.Windows;

/// <summary>
/// All open windows of one run: four pane rings (rates, lifetime, drift, width), the run's mode,
/// start and stop, and the event-time watermark of each input stream. Chunks fold in with no
/// locks and, after warm-up, no allocation; windows close when both streams have passed their
/// end (SPEC §3: event time only), so the points do not depend on chunking or arrival timing of
/// a time-ordered input.
/// <para>Threading: exactly one writer thread calls every mutating member. Readers use
/// <c>DqmKernel.LatestSnapshot</c>, never this object.</para>
/// </summary>
public sealed partial class RunAnalysis
{
    private const int StateVersion = 1;
    private readonly KernelOptions _options;
    private readonly int _widthBins;
    private readonly double _widthMinUs;
    private readonly double _widthMaxUs;
    private readonly double _widthBinsPerUs;
    private long _triggerWatermark = long.MinValue;
    private long _pulseWatermark = long.MinValue;
    private long _firstEventNs = long.MaxValue;
    private readonly SingleScatters _singles = new();

    /// <summary>Creates the state of a run with no data yet.</summary>
    public RunAnalysis(uint run, KernelOptions options)
    {
        options.Validate();
        Run = run;
        _options = options;
        _widthBins = (int)Math.Ceiling((options.WidthDriftUs.Max - options.WidthDriftUs.Min) / options.FitBinUs);
        (_widthMinUs, _widthMaxUs) = options.WidthDriftUs;
        _widthBinsPerUs = 1 / options.FitBinUs;
        Rates = new PaneRing<RatePane>(options.Rates, static () => new RatePane());
        Lifetime = new PaneRing<LifetimePane>(options.Lifetime, () => new LifetimePane(options));
        Drift = new PaneRing<DriftPane>(options.Drift, static () => new DriftPane());
        var wb = _widthBins;
        Width = new PaneRing<WidthPane>(options.Width, () => new WidthPane(wb));
    }

    /// <summary>Run number.</summary>
    public uint Run { get; }

    /// <summary>Run mode from run control (unspecified until a START says otherwise).</summary>
    public RunMode Mode { get; private set; }

    /// <summary>START time, if seen.</summary>
    public long? StartNs { get; private set; }

    /// <summary>STOP time, once stopped.</summary>
    public long? StopNs { get; private set; }

    /// <summary>Events dropped because their windows had already closed.</summary>
    public long LateEvents { get; private set; }

    /// <summary>Triggers folded in.</summary>
    public long TriggerCount { get; private set; }

    /// <summary>Pulse-stream events folded in.</summary>
    public long PulseEventCount { get; private set; }

    /// <summary>Pulses folded in.</summary>
    public long PulseCount { get; private set; }

    /// <summary>Single scatters found.</summary>
    public long SingleScatterCount { get; private set; }

    /// <summary>Rate panes.</summary>
    public PaneRing<RatePane> Rates { get; }

    /// <summary>Lifetime panes.</summary>
    public PaneRing<LifetimePane> Lifetime { get; }

    /// <summary>Drift panes.</summary>
    public PaneRing<DriftPane> Drift { get; }

    /// <summary>Width panes.</summary>
    public PaneRing<WidthPane> Width { get; }

    /// <summary>
    /// Event time up to which both input streams are complete: the smaller of the two stream
    /// watermarks; a stream never seen counts as <see cref="KernelOptions.MaxStreamSkewNs"/>
    /// behind the other. long.MinValue before any data.
    /// </summary>
    public long Watermark
    {
        get
        {
            var t = _triggerWatermark != long.MinValue;
            var p = _pulseWatermark != long.MinValue;
            if (t && p)
            {
                return Math.Min(_triggerWatermark, _pulseWatermark);
            }

            return t ? _triggerWatermark - _options.MaxStreamSkewNs : p ? _pulseWatermark - _options.MaxStreamSkewNs : long.MinValue;
        }
    }

    private PopulationCuts? Kr83mCuts => _options.Kr83mCuts.TryGetValue(Mode, out var c) ? c : null;

    /// <summary>Applies a run-control START: its time opens the run's first windows and its mode picks the populations.</summary>
    public void Start(long timeNs, RunMode mode)
    {
        Mode = mode;
        StartNs ??= timeNs;
        EnsureWindows(timeNs);
    }

    private void EnsureWindows(long t)
    {
        if (Rates.NextEnd != long.MinValue)
        {
            return;
        }

        Rates.NextEnd = FirstEnd(t, Rates.Spec.StepNs);
        Lifetime.NextEnd = FirstEnd(t, Lifetime.Spec.StepNs);
        Drift.NextEnd = FirstEnd(t, Drift.Spec.StepNs);
        Width.NextEnd = FirstEnd(t, Width.Spec.StepNs);
    }

    private static long FirstEnd(long t, long step) => (EventTime.FloorDiv(t, step) + 1) * step;
}

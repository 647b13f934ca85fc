using LzDQM.Simulation.Physics;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Output;

/// <summary>
/// Generates a run's events in trigger-time order and cuts them into chunks of at most
/// <see cref="MaxEvents"/> events spanning less than <see cref="MaxSpanNs"/> of trigger time
/// (SPEC §2). Event numbers count recorded triggers from 1. Not thread-safe.
/// </summary>
internal sealed class ChunkStream
{
    public const int MaxEvents = 2000;
    public const long MaxSpanNs = 1_000_000_000;

    private readonly Scenario _scenario;
    private readonly long _startNs;
    private readonly double _durationS;
    private readonly TriggerProcess _triggers;
    private readonly ConditionsEvaluator _conditions;
    private readonly EventPhysics _physics;
    private readonly PulseScratch _scratch = new();
    private ulong _nextEvent = 1;
    private ulong _nextChunk;
    private bool _pending;
    private long _pendingNs;
    private EventSource _pendingSource;
    private uint _pendingDeadtime;
    private bool _done;

    public ChunkStream(Scenario scenario, ulong seed, double durationS)
    {
        _scenario = scenario;
        _durationS = durationS;
        _startNs = TruthParameters.StartTimeNs(scenario);
        var rng = new Xoshiro256StarStar(MixSeed(seed, scenario.Name));
        _triggers = new TriggerProcess(scenario, rng, durationS);
        _conditions = new ConditionsEvaluator(scenario);
        _physics = new EventPhysics(rng);
    }

    /// <summary>Events written so far.</summary>
    public long Events => (long)_nextEvent - 1;

    /// <summary>Pulses written so far.</summary>
    public long Pulses { get; private set; }

    /// <summary>Chunks written so far.</summary>
    public long Chunks => (long)_nextChunk;

    /// <summary>Triggers lost in dead time or stalls.</summary>
    public long LostTriggers => _triggers.Lost;

    /// <summary>Run seconds reached, for progress.</summary>
    public double ReachedS { get; private set; }

    /// <summary>Fills <paramref name="columns"/> with the next chunk; false when the run is over.</summary>
    public bool NextChunk(ChunkColumns columns)
    {
        columns.Clear();
        columns.Run = _scenario.Run;
        long firstNs = 0;
        while (!_done)
        {
            if (!_pending)
            {
                if (!_triggers.Next(out var rel, out _pendingSource, out _pendingDeadtime))
                {
                    _done = true;
                    break;
                }

                _pendingNs = rel;
                _pending = true;
            }

            if (columns.EventCount > 0 && (columns.EventCount >= MaxEvents || _pendingNs - firstNs >= MaxSpanNs))
            {
                break;
            }

            if (columns.EventCount == 0)
            {
                firstNs = _pendingNs;
            }

            var t = _pendingNs * 1e-9;
            var c = _conditions.At(t);
            _physics.Build(_pendingSource, c, _scratch);
            columns.AddEvent(_nextEvent++, _startNs + _pendingNs, _pendingSource.TriggerTypeOf(), _pendingDeadtime, _scratch);
            Pulses += _scratch.Count;
            ReachedS = t;
            _pending = false;
        }

        if (_done)
        {
            ReachedS = _durationS;
        }

        if (columns.EventCount == 0)
        {
            return false;
        }

        columns.Chunk = _nextChunk++;
        return true;
    }

    // Same seed in different scenarios gives independent streams.
    private static ulong MixSeed(ulong seed, string name)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in name)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return seed ^ h;
    }
}

using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Physics;

/// <summary>
/// The triggers the DAQ records, in time order: the superposition of every source's Poisson
/// process (time-dependent rates by thinning, in 1 s slices), minus triggers that fall in the
/// DAQ's non-paralysable dead time after the previous recorded trigger or in a DAQ stall.
/// Not thread-safe.
/// </summary>
internal sealed class TriggerProcess
{
    private const double SliceS = 1.0;
    private readonly Scenario _scenario;
    private readonly Xoshiro256StarStar _rng;
    private readonly double _durationS;
    private readonly long _durationNs;
    private readonly EventSource[] _sources = [.. EventSources.All];
    private readonly PiecewiseLinear?[] _rateFunctions;
    private readonly int[] _segments;
    private readonly double[] _rates;
    private readonly PiecewiseLinear _deadtime;
    private readonly List<(double From, double To)> _stalls;
    private int _deadtimeSegment;
    private double _t;
    private double _sliceEnd;
    private double _sliceMax;
    private long _deadUntilNs;
    private long _lastDeadNs;
    private long _previousNs = -1;

    public TriggerProcess(Scenario scenario, Xoshiro256StarStar rng, double durationS)
    {
        _scenario = scenario;
        _rng = rng;
        _durationS = durationS;
        _durationNs = (long)Math.Round(durationS * 1e9);
        _rateFunctions = [.. _sources.Select(s => s.RateParameterOf() is { } p ? scenario[p] : null)];
        _segments = new int[_sources.Length];
        _rates = new double[_sources.Length];
        _deadtime = scenario[ScenarioParameter.DeadtimePerTriggerUs];
        _stalls = StallIntervals(scenario[ScenarioParameter.DaqRunning], durationS);
        _t = 0;
        _sliceEnd = 0;
    }

    /// <summary>Physical triggers lost in dead time or stalls so far.</summary>
    public long Lost { get; private set; }

    /// <summary>Physical triggers so far (recorded + lost).</summary>
    public long Physical { get; private set; }

    /// <summary>Intervals (run seconds) during which the DAQ is stalled.</summary>
    public IReadOnlyList<(double From, double To)> Stalls => _stalls;

    /// <summary>Next recorded trigger; false when the run is over.</summary>
    public bool Next(out long timeNs, out EventSource source, out uint deadtimeNs)
    {
        while (true)
        {
            if (_t >= _sliceEnd && !EnterNextSlice())
            {
                timeNs = 0;
                source = default;
                deadtimeNs = 0;
                return false;
            }

            _t += _rng.Exponential(1.0 / _sliceMax);
            if (_t >= _sliceEnd)
            {
                // Memoryless: restarting at the slice edge with the next slice's bound is exact.
                _t = _sliceEnd;
                continue;
            }

            var total = Rates(_t);
            var u = _rng.NextDouble() * _sliceMax;
            if (u >= total)
            {
                continue;
            }

            var pick = 0;
            var cumulative = _rates[0];
            while (u >= cumulative && pick < _rates.Length - 1)
            {
                pick++;
                cumulative += _rates[pick];
            }

            Physical++;
            var ns = (long)Math.Round(_t * 1e9);
            if (ns < _deadUntilNs || IsStalled(_t))
            {
                Lost++;
                continue;
            }

            var stalledNs = _previousNs < 0 ? StalledNs(0, _t) : StalledNs(Math.Max(_previousNs, _deadUntilNs) * 1e-9, _t);
            var dead = (_previousNs < 0 ? 0 : _lastDeadNs) + stalledNs;
            deadtimeNs = (uint)Math.Min(dead, uint.MaxValue);
            _lastDeadNs = (long)Math.Round(_deadtime.AtForward(_t, ref _deadtimeSegment) * 1e3);
            _deadUntilNs = ns + _lastDeadNs;
            _previousNs = ns;
            timeNs = ns;
            source = _sources[pick];
            return true;
        }
    }

    private bool EnterNextSlice()
    {
        while (_sliceEnd < _durationS)
        {
            var from = _sliceEnd;
            _sliceEnd = Math.Min(_durationS, from + SliceS);
            _t = from;
            _sliceMax = 0;
            for (var i = 0; i < _sources.Length; i++)
            {
                var f = _rateFunctions[i];
                _sliceMax += f is null ? KrMax(from, _sliceEnd) : f.MaxOver(from, _sliceEnd);
            }

            if (_sliceMax > 0)
            {
                _sliceMax *= 1.000001; // guard against rounding at the bound
                return true;
            }
        }

        _t = _durationS;
        return false;
    }

    private double KrMax(double from, double to)
    {
        var kr = _scenario.Kr83m;
        return kr.InitialHz <= 0 || to < kr.InjectionS ? 0 : kr.RateAt(Math.Max(from, kr.InjectionS));
    }

    private double Rates(double t)
    {
        var total = 0.0;
        for (var i = 0; i < _rates.Length; i++)
        {
            var f = _rateFunctions[i];
            var r = f is null ? _scenario.Kr83m.RateAt(t) : f.Count == 1 ? f.At(0) : f.AtForward(t, ref _segments[i]);
            _rates[i] = r;
            total += r;
        }

        return total;
    }

    private bool IsStalled(double t)
    {
        foreach (var (from, to) in _stalls)
        {
            if (t >= from && t < to)
            {
                return true;
            }
        }

        return false;
    }

    private long StalledNs(double from, double to)
    {
        var s = 0.0;
        foreach (var (a, b) in _stalls)
        {
            s += Math.Max(0, Math.Min(b, to) - Math.Max(a, from));
        }

        return (long)Math.Round(s * 1e9);
    }

    /// <summary>Where <paramref name="running"/> is below 0.5 (linear crossings inside ramps).</summary>
    internal static List<(double From, double To)> StallIntervals(PiecewiseLinear running, double durationS)
    {
        var result = new List<(double, double)>();
        var knots = running.Knots.ToList();
        double? start = knots[0].Value < 0.5 ? double.NegativeInfinity : null;
        for (var i = 1; i < knots.Count; i++)
        {
            var (t0, v0) = knots[i - 1];
            var (t1, v1) = knots[i];
            if ((v0 < 0.5) == (v1 < 0.5))
            {
                continue;
            }

            var crossing = t0 + ((0.5 - v0) / (v1 - v0) * (t1 - t0));
            if (v1 < 0.5)
            {
                start = crossing;
            }
            else if (start is { } s)
            {
                result.Add((s, crossing));
                start = null;
            }
        }

        if (start is { } open)
        {
            result.Add((open, double.PositiveInfinity));
        }

        return [.. result.Select(r => (Math.Max(0, r.Item1), Math.Min(durationS, r.Item2))).Where(r => r.Item2 > r.Item1)];
    }
}

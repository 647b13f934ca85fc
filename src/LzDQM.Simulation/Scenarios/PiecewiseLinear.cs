using System.Text.Json.Serialization;

namespace LzDQM.Simulation.Scenarios;

/// <summary>
/// A parameter as a function of run time: knots (t seconds, value) joined by straight lines,
/// constant before the first knot and after the last. Knot times strictly increase; a step is
/// written as a short ramp. In JSON a plain number (constant) or <c>[[t, v], ...]</c>.
/// Immutable and thread-safe.
/// </summary>
[JsonConverter(typeof(PiecewiseLinearJsonConverter))]
public sealed class PiecewiseLinear
{
    private readonly double[] _t;
    private readonly double[] _v;

    /// <summary>Creates the function from knots; throws <see cref="ArgumentException"/> on bad knots.</summary>
    public PiecewiseLinear(IEnumerable<(double TimeS, double Value)> knots)
    {
        var list = knots.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("a piecewise-linear parameter needs at least one knot", nameof(knots));
        }

        _t = new double[list.Count];
        _v = new double[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var (t, v) = list[i];
            if (!double.IsFinite(t) || !double.IsFinite(v))
            {
                throw new ArgumentException($"knot {i} is not a finite number", nameof(knots));
            }

            if (i > 0 && t <= _t[i - 1])
            {
                throw new ArgumentException($"knot times must strictly increase (knot {i} at {t} s)", nameof(knots));
            }

            _t[i] = t;
            _v[i] = v;
        }
    }

    /// <summary>A constant.</summary>
    public static PiecewiseLinear Constant(double value) => new([(0.0, value)]);

    /// <summary>Knots from alternating time/value pairs: <c>Of(0, 8000, 1200, 8000, 2400, 2000)</c>.</summary>
    public static PiecewiseLinear Of(params double[] timeValuePairs)
    {
        if (timeValuePairs.Length == 0 || timeValuePairs.Length % 2 != 0)
        {
            throw new ArgumentException("expected time/value pairs", nameof(timeValuePairs));
        }

        return new(Enumerable.Range(0, timeValuePairs.Length / 2).Select(i => (timeValuePairs[2 * i], timeValuePairs[(2 * i) + 1])));
    }

    /// <summary>Number of knots.</summary>
    public int Count => _t.Length;

    /// <summary>The knots in time order.</summary>
    public IEnumerable<(double TimeS, double Value)> Knots => _t.Select((t, i) => (t, _v[i]));

    /// <summary>Knot times.</summary>
    public IReadOnlyList<double> Times => _t;

    /// <summary>True when the value never changes.</summary>
    public bool IsConstant => _v.All(v => v == _v[0]);

    /// <summary>Value at <paramref name="tSeconds"/> (linear between knots, clamped outside).</summary>
    public double At(double tSeconds)
    {
        if (tSeconds <= _t[0])
        {
            return _v[0];
        }

        var last = _t.Length - 1;
        if (tSeconds >= _t[last])
        {
            return _v[last];
        }

        var i = Array.BinarySearch(_t, tSeconds);
        if (i >= 0)
        {
            return _v[i];
        }

        var hi = ~i;
        return Interpolate(hi - 1, tSeconds);
    }

    /// <summary>
    /// Value at <paramref name="tSeconds"/> for callers whose times never decrease: starts the
    /// search at <paramref name="segment"/> (caller-owned state, start at 0), amortised O(1).
    /// </summary>
    public double AtForward(double tSeconds, ref int segment)
    {
        var last = _t.Length - 1;
        if (tSeconds <= _t[0])
        {
            return _v[0];
        }

        if (tSeconds >= _t[last])
        {
            return _v[last];
        }

        while (segment < last - 1 && _t[segment + 1] <= tSeconds)
        {
            segment++;
        }

        if (_t[segment] > tSeconds)
        {
            segment = 0;
            while (_t[segment + 1] <= tSeconds)
            {
                segment++;
            }
        }

        return Interpolate(segment, tSeconds);
    }

    /// <summary>Largest value over [<paramref name="fromS"/>, <paramref name="toS"/>] (at an end or a knot).</summary>
    public double MaxOver(double fromS, double toS)
    {
        var max = Math.Max(At(fromS), At(toS));
        for (var i = 0; i < _t.Length; i++)
        {
            if (_t[i] > fromS && _t[i] < toS)
            {
                max = Math.Max(max, _v[i]);
            }
        }

        return max;
    }

    private double Interpolate(int lo, double t)
    {
        var f = (t - _t[lo]) / (_t[lo + 1] - _t[lo]);
        return _v[lo] + (f * (_v[lo + 1] - _v[lo]));
    }
}

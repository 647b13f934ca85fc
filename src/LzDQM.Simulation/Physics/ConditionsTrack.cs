using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Physics;

/// <summary>
/// Evaluates a scenario's parameters at non-decreasing times in amortised O(1) each (one
/// cursor per parameter); the simulator's per-event path. Not thread-safe.
/// </summary>
internal sealed class ConditionsTrack
{
    private readonly PiecewiseLinear[] _functions;
    private readonly int[] _segments;
    private readonly double[] _values;

    public ConditionsTrack(Scenario scenario, IReadOnlyList<string> parameters)
    {
        _functions = [.. parameters.Select(p => scenario[p])];
        _segments = new int[_functions.Length];
        _values = new double[_functions.Length];
        for (var i = 0; i < _functions.Length; i++)
        {
            _values[i] = _functions[i].At(0);
        }
    }

    /// <summary>Values at <paramref name="tSeconds"/>, in the order the parameters were given; valid until the next call.</summary>
    public ReadOnlySpan<double> At(double tSeconds)
    {
        for (var i = 0; i < _functions.Length; i++)
        {
            var f = _functions[i];
            if (f.Count > 1)
            {
                _values[i] = f.AtForward(tSeconds, ref _segments[i]);
            }
        }

        return _values;
    }
}

using LzDQM.Simulation;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Reports;

/// <summary>Truth curves for plots and window averages for comparisons. Pure, thread-safe.</summary>
internal static class TruthCurve
{
    private const int AverageSamples = 240;

    /// <summary>The knots of a piecewise-linear truth clipped to the run, as minutes and display values.</summary>
    public static (double[] Minutes, double[] Values) Instant(PiecewiseLinear curve, double durationS, double scale)
    {
        var times = new SortedSet<double> { 0, durationS };
        foreach (var t in curve.Times)
        {
            if (t > 0 && t < durationS)
            {
                times.Add(t);
            }
        }

        return ([.. times.Select(t => t / 60)], [.. times.Select(t => curve.At(t) * scale)]);
    }

    /// <summary>The truth averaged over run seconds [<paramref name="fromS"/>, <paramref name="toS"/>] (midpoint rule).</summary>
    public static double Average(ScenarioTruth truth, string parameter, double fromS, double toS, TruthAverage average)
    {
        if (toS <= fromS)
        {
            return truth.At(parameter, toS);
        }

        var sum = 0.0;
        var dt = (toS - fromS) / AverageSamples;
        for (var i = 0; i < AverageSamples; i++)
        {
            var v = truth.At(parameter, fromS + ((i + 0.5) * dt));
            sum += average == TruthAverage.Harmonic ? 1 / v : v;
        }

        var mean = sum / AverageSamples;
        return average == TruthAverage.Harmonic ? 1 / mean : mean;
    }
}

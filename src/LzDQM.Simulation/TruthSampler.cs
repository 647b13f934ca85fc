namespace LzDQM.Simulation;

/// <summary>
/// Writes a smooth function of run time as piecewise-linear knots: at the given breakpoints,
/// bisecting each interval until linear interpolation is within a relative 10⁻⁵ (absolute
/// 10⁻⁹) of the function, or the interval is 1 ms. Thread-safe (pure).
/// </summary>
internal static class TruthSampler
{
    private const double RelativeTolerance = 1e-5;
    private const double MinIntervalS = 1e-3;

    public static List<(double TimeS, double Value)> Sample(Func<double, double> f, IEnumerable<double> breakpoints, double durationS)
    {
        var points = breakpoints.Where(t => t > 0 && t < durationS).Append(0).Append(durationS).Distinct().Order().ToList();
        var knots = new List<(double, double)> { (points[0], f(points[0])) };
        for (var i = 1; i < points.Count; i++)
        {
            Refine(f, points[i - 1], f(points[i - 1]), points[i], f(points[i]), knots, 0);
        }

        return Simplify(knots);
    }

    private static void Refine(Func<double, double> f, double t0, double v0, double t1, double v1, List<(double, double)> knots, int depth)
    {
        var tm = 0.5 * (t0 + t1);
        var vm = f(tm);
        var q1 = f(0.5 * (t0 + tm));
        var q3 = f(0.5 * (tm + t1));
        var linearOk = Close(vm, 0.5 * (v0 + v1)) && Close(q1, 0.75 * v0 + 0.25 * v1) && Close(q3, 0.25 * v0 + 0.75 * v1);
        if (linearOk || t1 - t0 < MinIntervalS || depth > 40)
        {
            knots.Add((t1, v1));
            return;
        }

        Refine(f, t0, v0, tm, vm, knots, depth + 1);
        Refine(f, tm, vm, t1, v1, knots, depth + 1);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= Math.Max(1e-9, RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b)));

    // Drops interior knots that lie exactly on the line through their neighbours (constant stretches, plain ramps).
    private static List<(double TimeS, double Value)> Simplify(List<(double TimeS, double Value)> knots)
    {
        if (knots.Count <= 2)
        {
            return knots.Count == 2 && knots[0].Value == knots[1].Value ? [knots[0]] : knots;
        }

        var result = new List<(double, double)> { knots[0] };
        for (var i = 1; i < knots.Count - 1; i++)
        {
            var (ta, va) = result[^1];
            var (tb, vb) = knots[i];
            var (tc, vc) = knots[i + 1];
            var interpolated = va + ((vc - va) * (tb - ta) / (tc - ta));
            if (Math.Abs(interpolated - vb) > 1e-12 * Math.Max(1, Math.Abs(vb)))
            {
                result.Add(knots[i]);
            }
        }

        result.Add(knots[^1]);
        if (result.All(k => k.Item2 == result[0].Item2))
        {
            return [result[0]];
        }

        return result;
    }
}

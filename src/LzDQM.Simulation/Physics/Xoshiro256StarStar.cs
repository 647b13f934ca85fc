using System.Numerics;

namespace LzDQM.Simulation.Physics;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64: a fixed, documented algorithm,
/// so a seed gives the same sequence on every runtime (unlike <see cref="System.Random"/>).
/// Distribution samplers use only +, ×, √ and the platform's log/exp/cos, computed in double.
/// Not thread-safe: one generator per thread.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Seeds the four state words from <paramref name="seed"/> with SplitMix64.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal deviate (Marsaglia's polar method, pairs cached).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        var factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Normal deviate with the given mean and standard deviation.</summary>
    public double Gaussian(double mean, double sigma) => mean + (sigma * NextGaussian());

    /// <summary>Exponential deviate with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(NextDoubleNonZero());

    /// <summary>
    /// Poisson deviate: exact (multiplication method) below a mean of 30, a rounded normal
    /// above, where the two agree to well under the statistical precision of any test.
    /// </summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 30)
        {
            var limit = Math.Exp(-mean);
            var k = 0;
            var p = NextDouble();
            while (p > limit)
            {
                k++;
                p *= NextDouble();
            }

            return k;
        }

        var x = Math.Round(mean + (Math.Sqrt(mean) * NextGaussian()));
        return x < 0 ? 0 : (int)Math.Min(x, int.MaxValue);
    }

    /// <summary>
    /// Binomial deviate: exact (Bernoulli sum) for small <paramref name="n"/> or small expected
    /// counts, a rounded normal clamped to [0, n] when n·p·(1−p) is large.
    /// </summary>
    public int Binomial(int n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        var variance = n * p * (1 - p);
        if (variance > 25)
        {
            var x = Math.Round((n * p) + (Math.Sqrt(variance) * NextGaussian()));
            return (int)Math.Clamp(x, 0, n);
        }

        if (n <= 64)
        {
            var k = 0;
            for (var i = 0; i < n; i++)
            {
                if (NextDouble() < p)
                {
                    k++;
                }
            }

            return k;
        }

        // Few successes or few failures among many trials: Poisson limit of the rarer outcome.
        return p < 0.5 ? Math.Min(n, Poisson(n * p)) : n - Math.Min(n, Poisson(n * (1 - p)));
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

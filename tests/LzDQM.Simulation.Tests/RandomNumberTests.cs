using LzDQM.Simulation.Physics;

namespace LzDQM.Simulation.Tests;

public class RandomNumberTests
{
    [Fact]
    public void Xoshiro256StarStar_matches_the_reference_algorithm_seeded_by_SplitMix64()
    {
        // Reference values from an independent transcription of xoshiro256** / splitmix64 (Vigna's C code).
        var rng = new Xoshiro256StarStar(42);
        ulong[] expected = [0x15780b2e0c2ec716, 0x6104d9866d113a7e, 0xae17533239e499a1, 0xecb8ad4703b360a1, 0xfde6dc7fe2ec5e64];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => rng.NextUInt64()));
    }

    [Fact]
    public void Samplers_have_the_right_mean_and_variance()
    {
        var rng = new Xoshiro256StarStar(3);
        const int n = 200_000;
        (double Mean, double Var) Moments(Func<double> draw)
        {
            var v = Enumerable.Range(0, n).Select(_ => draw()).ToList();
            var m = v.Average();
            return (m, v.Sum(x => (x - m) * (x - m)) / (n - 1));
        }

        var g = Moments(rng.NextGaussian);
        Assert.InRange(g.Mean, -0.01, 0.01);
        Assert.InRange(g.Var, 0.98, 1.02);
        var e = Moments(() => rng.Exponential(2));
        Assert.InRange(e.Mean, 1.98, 2.02);
        foreach (var mean in new[] { 0.3, 7.5, 29.5, 80 })
        {
            var p = Moments(() => rng.Poisson(mean));
            Assert.InRange(p.Mean, mean - (4 * Math.Sqrt(mean / n)), mean + (4 * Math.Sqrt(mean / n)));
            Assert.InRange(p.Var / mean, 0.97, 1.03);
        }

        foreach (var (trials, prob) in new[] { (40, 0.3), (1281, 0.98), (1281, 0.64), (5000, 0.001) })
        {
            var b = Moments(() => rng.Binomial(trials, prob));
            var mean = trials * prob;
            var variance = trials * prob * (1 - prob);
            Assert.InRange(b.Mean, mean - (4 * Math.Sqrt(variance / n)), mean + (4 * Math.Sqrt(variance / n)));
            Assert.InRange(b.Var / variance, 0.95, 1.05);
        }
    }
}

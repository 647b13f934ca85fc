using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Tests;

/// <summary>The retry delays: exponential, jittered, capped.</summary>
public sealed class PagingRetryOptionsTests
{
    [Property(MaxTest = 300)]
    public Property Each_delay_lies_between_half_and_all_of_the_capped_exponential() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 40)), Arb.From(Gen.Choose(0, 1000).Select(i => i / 1000.0)), (failures, jitter) =>
        {
            var retry = new PagingRetryOptions { InitialDelayMs = 100, MaxDelayMs = 10_000, Multiplier = 2 };
            var full = Math.Min(10_000, 100 * Math.Pow(2, failures - 1));
            var delay = retry.Backoff(failures, jitter).TotalMilliseconds;
            Assert.InRange(delay, (full / 2) - 1e-9, full + 1e-9);
        });

    [Fact]
    public void Delays_double_until_the_cap()
    {
        var retry = new PagingRetryOptions { InitialDelayMs = 100, MaxDelayMs = 1000, Multiplier = 2 };
        Assert.Equal([100.0, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(f => retry.Backoff(f, 1).TotalMilliseconds));
    }
}

using LzDQM.Contracts.V1;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>What a node keeps for a new alarm engine's catch-up.</summary>
public sealed class RecentPublicationsTests
{
    [Fact]
    public void Keeps_the_newest_batches_in_order_up_to_its_bound()
    {
        var recent = new RecentPublications { MaxBatches = 3 };
        for (var i = 0; i < 5; i++)
        {
            recent.Add(new MetricPointBatch("a", [$"m v={i}i {i}"]));
        }

        Assert.Equal(["m v=2i 2", "m v=3i 3", "m v=4i 4"], recent.Take().Batches.Select(b => b.Lines[0]));
    }

    [Fact]
    public void Forgets_batches_older_than_its_retention()
    {
        var recent = new RecentPublications { Retention = TimeSpan.FromMilliseconds(50) };
        recent.Add(new MetricPointBatch("a", ["old v=1i 1"]));
        Thread.Sleep(120);
        recent.Add(new MetricPointBatch("a", ["new v=1i 2"]));
        Assert.Equal(["new v=1i 2"], recent.Take().Batches.Select(b => b.Lines[0]));
    }

    [Fact]
    public void A_stop_keeps_the_runs_mode_and_a_later_restored_start_does_not_reopen_it()
    {
        var recent = new RecentPublications();
        recent.Add(new RunModeSeen("a", 7, RunMode.Kr83M, 100, null));
        recent.Add(new RunModeSeen("a", 7, RunMode.Unspecified, 0, 900));
        recent.Add(new RunModeSeen("b", 7, RunMode.Kr83M, 100, null)); // re-announced after a checkpoint restore
        var run = Assert.Single(recent.Take().Runs);
        Assert.Equal(new RunModeSeen("a", 7, RunMode.Kr83M, 100, 900), run);
    }
}

using LzDQM.Contracts.Wire;

namespace LzDQM.Contracts.Tests;

public class RunChunkSequenceTests
{
    private static ChunkExtent Chunk(ulong n, ulong firstEvent, ulong lastEvent, long t0, long t1, uint run = 9) =>
        new(run, n, (int)(lastEvent - firstEvent + 1), firstEvent, lastEvent, t0, t1);

    [Fact]
    public void Consecutive_chunks_are_in_order_and_a_repeat_is_a_duplicate()
    {
        var seq = new RunChunkSequence();
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(0, 1, 10, 100, 200)).Kind);
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(1, 11, 20, 200, 300)).Kind);
        Assert.Equal(SequenceKind.Duplicate, seq.Observe(Chunk(1, 11, 20, 200, 300)).Kind);
        Assert.Equal(SequenceKind.Duplicate, seq.Observe(Chunk(0, 1, 10, 100, 200)).Kind);
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(2, 21, 30, 300, 400)).Kind);
    }

    [Fact]
    public void A_consumer_starting_mid_run_takes_the_first_chunk_it_sees_as_baseline()
    {
        var seq = new RunChunkSequence();
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(57, 5000, 5100, 100, 200)).Kind);
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(58, 5101, 5200, 200, 300)).Kind);
    }

    [Fact]
    public void A_jump_is_reported_once_and_does_not_poison_the_rest_of_the_run()
    {
        var seq = new RunChunkSequence();
        seq.Observe(Chunk(0, 1, 10, 100, 200));
        var jump = seq.Observe(Chunk(3, 31, 40, 400, 500));
        Assert.Equal(SequenceKind.Broken, jump.Kind);
        Assert.Equal(ChunkRule.ChunkNumberJump, Assert.Single(jump.Violations).Rule);
        Assert.Contains("2 missing", jump.Violations[0].Detail, StringComparison.Ordinal);
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(4, 41, 50, 500, 600)).Kind);
    }

    [Fact]
    public void Events_and_times_must_move_forward_across_chunks()
    {
        var seq = new RunChunkSequence();
        seq.Observe(Chunk(0, 1, 10, 100, 200));
        var back = seq.Observe(Chunk(1, 5, 12, 150, 250));
        Assert.Equal(SequenceKind.Broken, back.Kind);
        Assert.Equal([ChunkRule.EventsNotIncreasing, ChunkRule.TimeGoesBackwards], back.Violations.Select(v => v.Rule));
        // The broken chunk's events are not the new baseline: the true next chunk is still fine.
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(2, 11, 20, 200, 300)).Kind);
    }

    [Fact]
    public void Runs_are_independent_and_can_be_forgotten()
    {
        var seq = new RunChunkSequence();
        seq.Observe(Chunk(0, 1, 10, 100, 200, run: 1));
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(0, 1, 10, 100, 200, run: 2)).Kind);
        Assert.Equal(2, seq.RunCount);
        Assert.True(seq.Forget(1));
        Assert.Equal(1, seq.RunCount);
    }

    [Fact]
    public void An_invalid_chunk_still_advances_the_chunk_number()
    {
        var seq = new RunChunkSequence();
        seq.Observe(Chunk(0, 1, 10, 100, 200));
        seq.Observe(Chunk(1, 11, 20, 200, 300), contentValid: false);
        Assert.Equal(SequenceKind.InOrder, seq.Observe(Chunk(2, 11, 20, 200, 300)).Kind);
    }
}

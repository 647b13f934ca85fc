using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LzDQM.Stages;

namespace LzDQM.Stages.Tests;

public class CommitFrontierTests
{
    private const long Step = 10;
    private const long Window = 60;

    [Fact]
    public void Release_time_is_the_end_of_the_last_window_containing_the_event()
    {
        // Windows end at multiples of 10 and are 60 long: an event at 25 is in windows ending 30..80.
        Assert.Equal(80, CommitFrontier.ReleaseTime(25, Window, Step));
        // An event exactly on a boundary belongs to the window that starts there.
        Assert.Equal(90, CommitFrontier.ReleaseTime(30, Window, Step));
        Assert.Equal(40, CommitFrontier.ReleaseTime(-15, Window, Step)); // floor, not truncation, before 1970
    }

    [Fact]
    public void Committed_offset_waits_for_the_oldest_unwritten_window()
    {
        var f = new CommitFrontier();
        Assert.Null(f.CommittableOffset);
        f.Add(100, 80);
        f.Add(101, 90);
        f.Add(102, 150);
        Assert.Equal(100, f.CommittableOffset);
        f.MarkWritten(85);
        Assert.Equal(101, f.CommittableOffset);
        f.MarkWritten(200);
        Assert.Equal(103, f.CommittableOffset);
        Assert.Equal(0, f.Pending);
    }

    [Fact]
    public void A_later_message_with_an_earlier_release_cannot_overtake_an_unreleased_one()
    {
        var f = new CommitFrontier();
        f.Add(5, 500);
        f.Add(6, 100); // e.g. a late chunk of another run
        f.MarkWritten(300);
        Assert.Equal(5, f.CommittableOffset);
    }

    [Fact]
    public void Messages_that_feed_no_window_release_at_once_when_nothing_precedes_them()
    {
        var f = new CommitFrontier();
        f.Add(0, long.MinValue);
        f.Add(1, long.MinValue);
        Assert.Equal(2, f.CommittableOffset);
    }

    [Property(MaxTest = 300)]
    public Property Commit_never_passes_a_message_whose_windows_are_unwritten() =>
        Prop.ForAll(
            Arb.From(Gen.ListOf(Gen.Zip(Gen.Choose(1, 3), Gen.Choose(0, 400)))),
            Arb.From(Gen.Choose(0, 500)),
            (messages, written) =>
            {
                var f = new CommitFrontier();
                long offset = 0;
                var all = new List<(long Offset, long Release)>();
                foreach (var (gap, evt) in messages)
                {
                    offset += gap;
                    var release = CommitFrontier.ReleaseTime(evt, Window, Step);
                    all.Add((offset, release));
                    f.Add(offset, release);
                }

                f.MarkWritten(written);
                var commit = f.CommittableOffset ?? 0;
                var firstUnwritten = all.FirstOrDefault(m => m.Release > written);
                var expected = firstUnwritten == default ? (all.Count == 0 ? 0 : all[^1].Offset + 1) : firstUnwritten.Offset;
                return commit == expected;
            });
}

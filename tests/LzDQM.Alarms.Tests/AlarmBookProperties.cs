using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Tests;

/// <summary>Properties of the evaluator state: handover through bytes, re-delivery, determinism.</summary>
public sealed class AlarmBookProperties
{
    private static readonly AlarmRule[] Rules =
    [
        .. DefaultAlarmRules.Create(),
        new AlarmRule
        {
            Name = "live-pending", Measurement = "dqm_trigger_rate", Field = "live_fraction", Tags = new() { ["trigger_type"] = "all" },
            Condition = AlarmCondition.Below, Warn = 0.9, Critical = 0.6, Clear = 0.92, PendingSeconds = 20,
        },
    ];

    // What one window end of a run holds: live fraction, an empty trigger window, SE rate, τ.
    private static readonly Gen<(double Live, bool Empty, double Se, double Tau)> Window =
        from live in Gen.Elements(0.5, 0.85, 0.89, 0.91, 0.95, 0.99)
        from empty in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
        from se in Gen.Elements(80.0, 450.0, 600.0, 900.0)
        from tau in Gen.Elements(8000.0, 7600.0, 7000.0, 2500.0, 6500.0)
        select (live, empty, se, tau);

    // Runs 1 and 2 interleaved, a window end every 10 s: trigger rate, SE rate, and every minute a lifetime.
    private static readonly Gen<List<MetricPoint>> Stream =
        from steps in Gen.Choose(5, 60)
        from windows in Gen.ArrayOf(Window, 2 * steps)
        select windows.SelectMany((w, i) =>
        {
            var (run, t) = ((uint)(1 + (i % 2)), 10 * (1 + (i / 2)));
            var points = new List<MetricPoint> { Pt.Trigger(run, t, w.Empty ? 0 : 40, w.Empty ? 1 : w.Live), Pt.Pulse(run, t, "se", w.Se) };
            if (t % 60 == 0)
            {
                points.Add(Pt.Lifetime(run, t, w.Tau, 150));
            }

            return points;
        }).ToList();

    private static readonly Gen<(List<MetricPoint> Points, int Cut, int Back)> StreamWithCut =
        from points in Stream
        from cut in Gen.Choose(0, points.Count)
        from back in Gen.Choose(0, Math.Min(cut, 12))
        select (points, cut, back);

    private static AlarmEvaluator Fresh(AlarmBook? book = null)
    {
        var e = new AlarmEvaluator(Rules, book);
        e.SetRunMode(1, RunMode.Science);
        e.SetRunMode(2, RunMode.Kr83M);
        return e;
    }

    // Feeds points, queueing pages in the outbox and acknowledging one in three, like a delivery loop would.
    private static List<AlarmTransition> Feed(AlarmEvaluator e, IEnumerable<MetricPoint> points, int offset)
    {
        var all = new List<AlarmTransition>();
        var i = offset;
        foreach (var p in points)
        {
            foreach (var t in e.Observe(p))
            {
                all.Add(t);
                e.Book.Outbox.Enqueue(t, ["alertmanager", "webhook"]);
            }

            if (++i % 3 == 0 && e.Book.Outbox.Due(i) is [var due, ..])
            {
                e.Book.Outbox.Acknowledge(due.Id, i);
            }
        }

        return all;
    }

    [Property(MaxTest = 150)]
    public Property A_handover_through_bytes_with_redelivered_points_gives_the_same_transitions_and_state() =>
        Prop.ForAll(Arb.From(StreamWithCut), x =>
        {
            var straight = Fresh();
            var expected = Feed(straight, x.Points, 0);

            var first = Fresh();
            var got = Feed(first, x.Points.Take(x.Cut), 0);
            var bytes = first.Book.ToBytes();
            var roundTrip = AlarmBook.FromBytes(bytes);
            Assert.Equal(bytes, roundTrip.ToBytes());

            // The new singleton re-reads from a little before the cut: those points are re-deliveries.
            var second = Fresh(roundTrip);
            Assert.Empty(x.Points.Skip(x.Cut - x.Back).Take(x.Back).SelectMany(second.Observe));
            got.AddRange(Feed(second, x.Points.Skip(x.Cut), x.Cut));

            Assert.Equal(expected, got);
            Assert.Equal(straight.Book.ToBytes(), second.Book.ToBytes());
        });

    [Property(MaxTest = 150)]
    public Property Redelivering_earlier_points_anywhere_changes_no_transition() =>
        Prop.ForAll(Arb.From(
            from points in Stream
            from dupCount in Gen.Choose(0, 20)
            from dups in Gen.ArrayOf(Gen.Choose(0, points.Count - 1).Two(), dupCount)
            select (points, dups)),
            x =>
            {
                var straight = Fresh();
                var expected = x.points.SelectMany(straight.Observe).ToList();
                // After point j, copies of points ≤ j arrive again (what a checkpoint replay does).
                var noisy = new List<MetricPoint>();
                for (var j = 0; j < x.points.Count; j++)
                {
                    noisy.Add(x.points[j]);
                    noisy.AddRange(x.dups.Where(d => Math.Max(d.Item1, d.Item2) == j).Select(d => x.points[Math.Min(d.Item1, d.Item2)]));
                }

                var e = Fresh();
                var got = noisy.SelectMany(e.Observe).ToList();
                Assert.Equal(expected, got);
            });

    [Property(MaxTest = 50)]
    public Property The_same_points_give_the_same_transitions_and_bytes_every_time() =>
        Prop.ForAll(Arb.From(Stream), points =>
        {
            var a = Fresh();
            var b = Fresh();
            Assert.Equal(Feed(a, points, 0), Feed(b, points, 0));
            Assert.Equal(a.Book.ToBytes(), b.Book.ToBytes());
        });
}

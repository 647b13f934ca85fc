using System.Text;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// State written by the build before problems existed (format 1) still starts a new singleton: its
/// open alarm neither pages again nor loses its resolve, and keeps the Alertmanager identity it was
/// paged with.
/// </summary>
public sealed class AlarmBookFormat1Tests
{
    private const uint Run = 7004;

    // Format 1 as the previous build wrote it: one run, the cathode alarm firing (warning since 100 s),
    // its page acknowledged by Alertmanager (a firing notice, nothing queued).
    private static byte[] Format1WithAFiringCathodeAlarm()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("LZAB"u8);
            w.Write((byte)1);
            w.Write(1); // runs
            w.Write(Run);
            w.Write((int)RunMode.Science);
            w.Write(Pt.Ns(100));
            w.Write(0); // ended runs
            w.Write(1); // alarms
            w.Write($"cathode-edge-moved/{Run}");
            w.Write("cathode-edge-moved");
            w.Write(Run);
            w.Write(string.Empty);
            w.Write(Pt.Ns(100)); // last evaluated
            w.Write((byte)AlarmState.Firing);
            w.Write((byte)AlarmSeverity.Warn);
            w.Write(0L); // pending since
            w.Write(Pt.Ns(100)); // fired at
            w.Write(Pt.Ns(100)); // since
            w.Write(1L); // sequence
            w.Write(false);
            w.Write(0L);
            w.Write(Pt.Ns(40)); // last data
            w.Write(0); // history
            w.Write(3L); // outbox: next id, permanent failures, delivered
            w.Write(0L);
            w.Write(2L);
            w.Write(0); // entries
            w.Write(1); // firing notices
            w.Write("alertmanager");
            w.Write(1_700_000_000_000L);
            w.Write($"cathode-edge-moved/{Run}");
            w.Write("cathode-edge-moved");
            w.Write(Run);
            w.Write(string.Empty);
            w.Write(1L);
            w.Write((byte)AlarmTransitionKind.Fired);
            w.Write((byte)AlarmState.Firing);
            w.Write((byte)AlarmSeverity.Warn);
            w.Write(Pt.Ns(100));
            w.Write(975.0);
            w.Write(973.6);
            w.Write("run 7004 dqm_drift.cathode_us 975 µs");
            w.Write("dqm_drift");
            w.Write("cathode_us");
            w.Write(Pt.Ns(100));
            w.Write(Pt.Ns(100));
        }

        return ms.ToArray();
    }

    private static Contracts.Metrics.MetricPoint Cathode(double seconds, double us) =>
        Pt.Make("dqm_drift", Run, seconds, [("cathode_us", us), ("cathode_err_us", 3), ("n_events", 5000)]);

    [Fact]
    public void A_format_1_state_continues_its_open_alarm_as_one_problem_updated_then_resolved_once()
    {
        var book = AlarmBook.FromBytes(Format1WithAFiringCathodeAlarm());
        var e = new AlarmEvaluator(DefaultAlarmRules.Create().Where(r => r.Name == "cathode-edge-moved"), book); // no trigger points here: the no-data rule would fire
        Assert.Equal(AlarmState.Firing, Assert.Single(e.Book.OpenAlarms).State);

        Assert.Empty(e.Observe(Cathode(100, 975))); // re-delivered
        Assert.Empty(e.Observe(Cathode(160, 976))); // still warning: nothing new
        var escalated = Assert.Single(e.Observe(Cathode(220, 1010)));
        Assert.Equal((AlarmTransitionKind.Escalated, AlarmNotice.Update), (escalated.Kind, escalated.Notice));
        Assert.Equal((AlarmSeverity.Warn, AlarmSeverity.Critical, Pt.Ns(100)), (escalated.PageSeverity, escalated.ProblemSeverity, escalated.ProblemFiredAtNs));
        var resolved = Assert.Single(e.Observe(Cathode(280, 955)));
        Assert.Equal((AlarmNotice.Resolve, AlarmSeverity.Warn), (resolved.Notice, resolved.PageSeverity));

        // The resolve settles the notice the old build acknowledged: nothing left to refresh.
        e.Book.Outbox.Enqueue(resolved, ["alertmanager"]);
        e.Book.Outbox.Acknowledge(Assert.Single(e.Book.Outbox.Due(long.MaxValue)).Id, 1_700_000_100_000L);
        Assert.Empty(e.Book.Outbox.FiringAlerts);
        Assert.Equal(AlarmBookFormat.Version, e.Book.ToBytes()[4]);
    }
}

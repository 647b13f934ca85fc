using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using LzDQM.Node.Alarms;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>The replicated state of the alarm engine survives its bytes: a successor continues, it does not start over.</summary>
public sealed class AlarmEngineStateTests
{
    private static readonly AlarmRule Rule = new()
    {
        Name = "live-fraction-low", Measurement = "dqm_trigger_rate", Field = "live_fraction", Tags = new() { ["trigger_type"] = "all" },
        Condition = AlarmCondition.Below, Warn = 0.9, Clear = 0.92,
    };

    private static MetricPoint Live(double fraction, long seconds) =>
        new("dqm_trigger_rate", [new("run", "7"), new("trigger_type", "all")], [MetricField.Double("live_fraction", fraction)], seconds * 1_000_000_000L);

    [Fact]
    public void A_firing_alarm_modes_and_unconfirmed_lines_come_back_and_the_successor_neither_refires_nor_rejudges_old_points()
    {
        var first = new AlarmEvaluator([Rule]);
        first.SetRunMode(7, RunMode.Science);
        Assert.Equal(AlarmTransitionKind.Fired, Assert.Single(first.Observe(Live(0.8, 10))).Kind);
        var line = LineProtocol.Format(Live(0.8, 10));

        var bytes = AlarmEngineState.Write(first.Book, new Dictionary<uint, RunMode> { [7] = RunMode.Science }, [line], new Dictionary<uint, long> { [7] = 10_000_000_000L }, [3u]);
        var (book, modes, unwritten, newest, ended) = AlarmEngineState.Read(bytes);

        Assert.Equal(RunMode.Science, modes[7]);
        Assert.Equal([line], unwritten);
        Assert.Equal(10_000_000_000L, newest[7]);
        Assert.Equal([3u], ended);
        var successor = new AlarmEvaluator([Rule], book);
        Assert.Empty(successor.Observe(Live(0.8, 10))); // a re-delivered point
        Assert.Empty(successor.Observe(Live(0.95, 5))); // an older one (catch-up): not judged again
        Assert.Empty(successor.Observe(Live(0.85, 20))); // still firing: no second page
        Assert.Equal(AlarmTransitionKind.Resolved, Assert.Single(successor.Observe(Live(0.95, 30))).Kind);
    }

    [Fact]
    public void Bytes_of_another_format_are_refused_with_one_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() => AlarmEngineState.Read("LZAB\u0001junkjunk"u8.ToArray()));
        Assert.DoesNotContain('\n', ex.Message);
        var truncated = AlarmEngineState.Write(new AlarmBook(), new Dictionary<uint, RunMode> { [1] = RunMode.Dd }, ["x v=1i 1"], new Dictionary<uint, long>(), [])[..12];
        Assert.Throws<InvalidDataException>(() => AlarmEngineState.Read(truncated));
    }
}

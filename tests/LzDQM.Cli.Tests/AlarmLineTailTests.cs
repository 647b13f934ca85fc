using LzDQM.Cli.Demo;

namespace LzDQM.Cli.Tests;

public sealed class AlarmLineTailTests
{
    [Fact]
    public void The_demo_sees_each_complete_alarm_line_once_and_waits_for_a_line_still_being_written()
    {
        var path = Path.Combine(Path.GetTempPath(), "lzdqm-tail-" + Guid.NewGuid().ToString("N") + ".lp");
        try
        {
            var tail = new AlarmLineTail(path);
            Assert.Empty(tail.ReadNew()); // no file yet

            File.WriteAllText(path,
                "dqm_drift,run=7 cathode_us=953.1 60000000000\n" +
                "dqm_alarm,alarm=no-data,run=7,severity=critical message=\"m\",state=2i,threshold=0,value=0 60000000000\n" +
                "dqm_alarm,alarm=no-data,run=7,severity=crit");
            var first = Assert.Single(tail.ReadNew());
            Assert.Equal("no-data", first.Tag("alarm"));
            Assert.Equal(2, first.Field("state")!.Value.AsDouble());

            File.AppendAllText(path, "ical message=\"m\",state=0i,threshold=0,value=0 120000000000\n");
            var second = Assert.Single(tail.ReadNew());
            Assert.Equal(0, second.Field("state")!.Value.AsDouble());
            Assert.Empty(tail.ReadNew());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

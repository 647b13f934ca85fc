using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Tests;

/// <summary>
/// The default rules over whole scenarios (not the stored cuts) simulated in memory with a seed the
/// rules were not tuned on: an hour of clean running raises nothing, each anomaly its one alarm.
/// </summary>
public sealed class FullLengthScenarioTests
{
    private const ulong OtherSeed = 23;

    private static List<AlarmTransition> Evaluate(ScenarioFeed feed) => feed.FeedTo(new AlarmEvaluator(DefaultAlarmRules.Create()));

    [Theory]
    [InlineData("science")]
    [InlineData("kr83m-calibration")]
    public void An_hour_of_clean_running_raises_nothing_not_even_pending(string scenario)
    {
        var feed = ScenarioFeed.Simulate(scenario, OtherSeed);
        Assert.True(feed.DurationS >= 3600, $"{scenario} runs {feed.DurationS} s");
        Assert.True(feed.Points.Count() > 1000);
        Assert.Empty(Evaluate(feed));
    }

    [Theory]
    [InlineData("cathode-hv-sag", "cathode-edge-moved")]
    [InlineData("liquid-level-rise", "s2-width-moved")]
    [InlineData("rate-spike", "se-rate-spike")]
    [InlineData("daq-stall", "no-data")]
    [InlineData("deadtime-burst", "live-fraction-low")]
    public void A_whole_anomaly_scenario_raises_its_one_alarm_once(string scenario, string rule)
    {
        var feed = ScenarioFeed.Simulate(scenario, OtherSeed);
        var transitions = Evaluate(feed);

        var fired = Assert.Single(transitions, t => t.Kind == AlarmTransitionKind.Fired);
        Assert.Equal(rule, fired.Rule);
        Assert.Equal(AlarmNotice.Page, fired.Notice);
        Assert.All(transitions, t => Assert.Equal(fired.AlarmId, t.AlarmId));
        Assert.InRange(feed.Seconds(fired.EventTimeNs), feed.OnsetS!.Value, feed.OnsetS.Value + 300);
        Assert.Single(transitions, t => t.Kind == AlarmTransitionKind.Resolved);
    }

    [Fact]
    public void The_whole_purity_loss_fires_the_fall_first_and_the_low_lifetime_later_as_an_update_of_the_same_problem()
    {
        var feed = ScenarioFeed.Simulate("purity-loss", OtherSeed);
        var transitions = Evaluate(feed);
        var fired = transitions.Where(t => t.Kind == AlarmTransitionKind.Fired).ToList();

        // Two facts in dqm_alarm (the trend, then the level) ...
        Assert.Equal(["electron-lifetime-falling", "electron-lifetime-low"], fired.Select(t => t.Rule));
        Assert.InRange(feed.Seconds(fired[0].EventTimeNs), feed.OnsetS!.Value, feed.OnsetS.Value + 600);
        Assert.True(fired[1].Value <= 3000);

        // ... one problem for the receivers: one page, the low lifetime an update, at most one resolve.
        Assert.Equal([AlarmNotice.Page, AlarmNotice.Update], fired.Select(t => t.Notice));
        Assert.Single(transitions, t => t.Notice == AlarmNotice.Page);
        Assert.InRange(transitions.Count(t => t.Notice == AlarmNotice.Resolve), 0, 1);
    }
}

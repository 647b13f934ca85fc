using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using Xunit.Abstractions;

namespace LzDQM.Alarms.Tests;

/// <summary>The default rules over every SPEC §6 scenario (kernel output of replay-data), evaluator only.</summary>
public sealed class DefaultRulesOnScenariosTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => new()
    {
        "science", "kr83m-calibration", "purity-loss", "cathode-hv-sag", "liquid-level-rise", "rate-spike", "daq-stall", "deadtime-burst",
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Dump(string scenario)
    {
        var feed = ScenarioFeed.Load(scenario);
        var evaluator = new AlarmEvaluator(DefaultAlarmRules.Create());
        foreach (var t in feed.FeedTo(evaluator))
        {
            output.WriteLine($"{feed.Seconds(t.EventTimeNs),6:0} {t.Kind,-10} {t.AlarmId} {t.SeverityTag} {t.Message}");
        }
    }
}

using LzDQM.Node.Tests.Support;

namespace LzDQM.Node.Tests.Alarms;

/// <summary><c>lzdqm node</c> refuses a bad alarm configuration with one line and exit code 2, before it joins anything.</summary>
public sealed class AlarmCommandLineTests
{
    private static async Task<(int ExitCode, string Stderr)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var p = NodeProcess.Start("lzdqm", environment, args);
        var (code, _) = await p.WaitForExitAsync(TimeSpan.FromSeconds(20));
        return (code, p.Stderr.Trim());
    }

    [Fact]
    public async Task A_bad_alarm_rule_from_the_environment_exits_2_with_one_line_naming_it()
    {
        var (code, stderr) = await RunAsync(
            new() { ["LZDQM__ALARMS__RULES__0__NAME"] = "Bad Name", ["LZDQM__ALARMS__RULES__0__MEASUREMENT"] = "dqm_drift" },
            "node", "--bootstrap", "127.0.0.1:9092", "--lp-out", "x.lp");
        Assert.Equal(2, code);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("alarm rule 'Bad Name'", stderr);
    }

    [Fact]
    public async Task A_webhook_url_that_is_not_http_exits_2_with_one_line()
    {
        var (code, stderr) = await RunAsync([], "node", "--bootstrap", "127.0.0.1:9092", "--lp-out", "x.lp", "--alarm-webhook-url", "ftp://pager");
        Assert.Equal(2, code);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("Webhook:Url", stderr);
    }
}

using LzDQM.Cli;
using LzDQM.Contracts.Metrics;
using LzDQM.Simulation;

namespace LzDQM.Cli.Tests;

public sealed class AlarmsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lzdqm-alarms-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Alarms_pages_the_daq_stall_at_its_first_empty_window_and_the_points_file_gives_the_same_alarms()
    {
        var replay = Path.Combine(_dir, "stall.lzr");
        new DetectorSimulator(ScenarioCatalog.Get("daq-stall"), 5, TimeSpan.FromMinutes(8)).WriteReplay(replay);
        var points = Path.Combine(_dir, "points.lp");
        var fromReplay = Path.Combine(_dir, "a.lp");
        var fromPoints = Path.Combine(_dir, "b.lp");

        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["analyze", replay, "--out", points, "--quiet"]));
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["alarms", replay, "--out", fromReplay]));
        Assert.Equal(ExitCodes.Ok, await LzdqmApp.RunAsync(["alarms", points, "--out", fromPoints]));

        var alarms = LineProtocolReader.ReadFile(fromReplay);
        Assert.Equal(["no-data"], alarms.Select(p => p.Tag("alarm")).Distinct());
        Assert.Equal([2L, 0L], alarms.Select(p => p.Field("state")!.Value.IntegerValue));
        var firstEmpty = LineProtocolReader.ReadFile(points)
            .Where(p => p.Measurement == "dqm_trigger_rate" && p.Tag("trigger_type") == "all" && p.Value("count") == 0)
            .Min(p => p.TimestampNs);
        Assert.Equal(firstEmpty, alarms[0].TimestampNs);
        Assert.Equal(await File.ReadAllTextAsync(fromReplay), await File.ReadAllTextAsync(fromPoints));
    }

    [Fact]
    public async Task A_bad_rule_file_is_refused_with_one_line_naming_the_rule()
    {
        var config = Path.Combine(_dir, "appsettings.json");
        await File.WriteAllTextAsync(config, """{ "LzDQM": { "Alarms": { "Rules": [ { "Name": "x", "Measurement": "m", "Field": "f", "Warn": 1, "Critical": 0 } ] } } }""");
        var points = Path.Combine(_dir, "empty.lp");
        await File.WriteAllTextAsync(points, string.Empty);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(ExitCodes.BadArguments, await LzdqmApp.RunAsync(["alarms", points, "--config", config]));
        }
        finally
        {
            Console.SetError(previous);
        }

        // Other test classes may write to the console meanwhile: look for this command's line.
        Assert.Contains($"lzdqm: {config}: alarm rule 'x': critical 0 must be ≥ warn 1", error.ToString().Split('\n').Select(l => l.TrimEnd()));
    }
}

using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Simulation;

namespace LzDQM.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lzdqm-simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Simulate_writes_the_replay_and_its_truth_and_prints_their_paths()
    {
        var replay = Path.Combine(_dir, "stall.lzr");
        var (code, stdout, stderr) = LzdqmRun.Run("simulate", "--scenario", "daq-stall", "--out", replay, "--seed", "3", "--duration", "6m");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        var lines = stdout.Split('\n');
        Assert.Equal("replay=" + replay, lines[0]);
        Assert.Equal("truth=" + Path.Combine(_dir, "stall.truth.json"), lines[1]);
        Assert.Contains("daq-stall", stdout, StringComparison.Ordinal);
        Assert.Contains("anomaly daq-stall", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal); // no colour codes when piped

        var truth = ScenarioTruth.Read(Path.Combine(_dir, "stall.truth.json"));
        Assert.Equal(3UL, truth.Seed);
        Assert.Equal(360, truth.DurationS);
        using var reader = ReplayFileReader.Open(replay);
        var records = reader.ReadAll().ToList();
        Assert.Equal(RunControl.Types.Transition.Start, RunControl.Parser.ParseFrom(records[0].Value).Transition);
        Assert.Equal(RunControl.Types.Transition.Stop, RunControl.Parser.ParseFrom(records[^1].Value).Transition);
        Assert.Contains(records, r => r.Topic == ReplayTopic.Pulses);

        // Same arguments, same bytes.
        var again = Path.Combine(_dir, "again.lzr");
        Assert.Equal(0, LzdqmRun.Run("simulate", "--scenario", "daq-stall", "--out", again, "--seed", "3", "--duration", "360").ExitCode);
        Assert.Equal(File.ReadAllBytes(replay), File.ReadAllBytes(again));
        Assert.DoesNotContain(Directory.EnumerateFiles(_dir), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulate_accepts_a_scenario_file()
    {
        var scenario = Path.Combine(_dir, "mine.json");
        File.WriteAllText(scenario, """{ "name": "mine", "run": 4242, "default_duration_s": 30, "parameters": { "random_trigger_hz": 5 } }""");
        var replay = Path.Combine(_dir, "mine.lzr");
        var (code, _, stderr) = LzdqmRun.Run("simulate", "--scenario", scenario, "--out", replay);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        var truth = ScenarioTruth.Read(ScenarioTruth.PathFor(replay));
        Assert.Equal("mine", truth.Scenario);
        Assert.Equal(4242u, truth.Run);
        Assert.Equal(30, truth.DurationS);
        Assert.Equal(5, truth.At(TruthParameters.RateRandomHz, 10));
    }

    [Theory]
    [InlineData("unknown scenario 'purity-los'", "--scenario", "purity-los")]
    [InlineData("bad --duration '10x'", "--scenario", "science", "--duration", "10x")]
    [InlineData("bad --duration '0'", "--scenario", "science", "--duration", "0")]
    [InlineData("bad --duration '-5m'", "--scenario", "science", "--duration", "-5m")]
    public void Bad_arguments_give_one_line_and_a_non_zero_exit(string expected, params string[] args)
    {
        var replay = Path.Combine(_dir, "x.lzr");
        var (code, stdout, stderr) = LzdqmRun.Run(["simulate", "--out", replay, .. args]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("lzdqm: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(replay));
    }

    [Fact]
    public void An_unwritable_output_path_gives_one_line_and_leaves_nothing_behind()
    {
        var missingDir = Path.Combine(_dir, "no-such-dir", "x.lzr");
        var (code, _, stderr) = LzdqmRun.Run("simulate", "--scenario", "science", "--duration", "10s", "--out", missingDir);
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("cannot write", line, StringComparison.Ordinal);

        // The output path is an existing directory.
        var (code2, _, stderr2) = LzdqmRun.Run("simulate", "--scenario", "science", "--duration", "10s", "--out", _dir);
        Assert.Equal(2, code2);
        Assert.Single(stderr2.TrimEnd('\n').Split('\n'));
        Assert.Empty(Directory.EnumerateFiles(_dir));
    }

    [Fact]
    public void Simulate_help_names_every_option_and_the_built_in_scenarios()
    {
        var (code, stdout, _) = LzdqmRun.Run("simulate", "--help");
        Assert.Equal(0, code);
        foreach (var word in new[] { "--scenario", "--out", "--seed", "--duration", "purity-loss", "deadtime-burst" })
        {
            Assert.Contains(word, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("42", 42)]
    public void Durations_read_as_operators_write_them(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Commands.SimulateCommand.ParseDuration(text));
}

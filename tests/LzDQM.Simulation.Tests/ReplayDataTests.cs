using System.Text.RegularExpressions;
using LzDQM.Contracts.ReplayFiles;

namespace LzDQM.Simulation.Tests;

/// <summary>
/// replay-data/ holds a replay and truth file for every scenario, exactly as regenerate.sh
/// makes them: these tests regenerate each in memory and compare bytes.
/// </summary>
public partial class ReplayDataTests
{
    private const long MaxTotalBytes = 20_000_000;

    public static TheoryData<string> ScenarioNames => ChunkRuleTests.ScenarioNames;

    private static string ReplayData { get; } = Path.Combine(RepositoryRoot(), "replay-data");

    private static Dictionary<string, (ulong Seed, TimeSpan Duration)> Recipes { get; } = ParseRecipes();

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Stored_replay_and_truth_equal_what_the_simulator_makes_now(string name)
    {
        Assert.True(Recipes.TryGetValue(name, out var recipe), $"regenerate.sh has no 'gen {name} SEED DURATION' line");
        var replayPath = Path.Combine(ReplayData, name + ".lzr");
        var truthPath = ScenarioTruth.PathFor(replayPath);
        Assert.True(File.Exists(replayPath), $"{replayPath} is missing: run replay-data/regenerate.sh");
        Assert.True(File.Exists(truthPath), $"{truthPath} is missing: run replay-data/regenerate.sh");

        var simulator = new DetectorSimulator(ScenarioCatalog.Get(name), recipe.Seed, recipe.Duration);
        using var fresh = new MemoryStream();
        simulator.WriteReplay(fresh);
        var stored = File.ReadAllBytes(replayPath);
        Assert.True(stored.AsSpan().SequenceEqual(fresh.ToArray()),
            $"{name}.lzr differs from what `lzdqm simulate --scenario {name} --seed {recipe.Seed}` makes now: run replay-data/regenerate.sh and commit");
        Assert.Equal(simulator.Truth.ToJson(), File.ReadAllText(truthPath));
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Stored_replay_decodes_and_holds_each_anomaly_onset(string name)
    {
        var path = Path.Combine(ReplayData, name + ".lzr");
        var truth = ScenarioTruth.Read(ScenarioTruth.PathFor(path));
        using var reader = ReplayFileReader.Open(path);
        var records = reader.ReadAll().ToList();
        Assert.Equal(records.Count, reader.TotalRecords);
        Assert.Equal(name, truth.Scenario);
        Assert.All(truth.Anomalies, a => Assert.True(a.OnsetInRun && a.OnsetTimeNs < records[^1].TimeNs, $"{a.Name} starts after the stored file ends"));
        Assert.All(truth.Anomalies, a => Assert.Contains(records, r => r.TimeNs > a.OnsetTimeNs + 60_000_000_000L && r.Topic == ReplayTopic.Pulses));
    }

    [Fact]
    public void Replay_data_fits_in_twenty_megabytes()
    {
        var total = Directory.EnumerateFiles(ReplayData).Sum(f => new FileInfo(f).Length);
        Assert.True(total <= MaxTotalBytes, $"replay-data/ holds {total} bytes, more than {MaxTotalBytes}");
        Assert.Equal(ScenarioCatalog.Names.Order(), Directory.EnumerateFiles(ReplayData, "*.lzr").Select(Path.GetFileNameWithoutExtension).Order());
    }

    [Fact]
    public void The_example_scenario_file_loads_and_simulates()
    {
        var scenario = ScenarioCatalog.Resolve(Path.Combine(ReplayData, "example-scenario.json"));
        var sim = new DetectorSimulator(scenario, 1, TimeSpan.FromSeconds(20));
        Assert.Contains(sim.Records(), r => r.Topic == ReplayTopic.Pulses);
        Assert.Equal(7100u, sim.Truth.Run);
    }

    private static Dictionary<string, (ulong, TimeSpan)> ParseRecipes()
    {
        var script = Path.Combine(ReplayData, "regenerate.sh");
        Assert.True(File.Exists(script), $"{script} is missing");
        var result = new Dictionary<string, (ulong, TimeSpan)>();
        foreach (var line in File.ReadLines(script))
        {
            var m = GenLine().Match(line);
            if (m.Success)
            {
                Assert.True(RunDuration.TryParse(m.Groups[3].Value, out var duration), $"bad duration in '{line}'");
                result[m.Groups[1].Value] = (ulong.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), duration);
            }
        }

        return result;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LzDQM.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no LzDQM.sln above {AppContext.BaseDirectory}: run the tests from the repository");
    }

    [GeneratedRegex(@"^gen\s+(\S+)\s+(\d+)\s+(\S+)\s*$")]
    private static partial Regex GenLine();
}

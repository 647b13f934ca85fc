using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Tests;

public sealed class ScenarioFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lzdqm-scenario-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(ChunkRuleTests.ScenarioNames), MemberType = typeof(ChunkRuleTests))]
    public void A_built_in_scenario_written_as_JSON_loads_back_and_simulates_identically(string name)
    {
        var builtIn = ScenarioCatalog.Get(name);
        var path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, builtIn.ToJson());
        var loaded = ScenarioCatalog.Resolve(path);
        Assert.Equal(builtIn.ToJson(), loaded.ToJson());

        var a = new DetectorSimulator(builtIn, 3, TimeSpan.FromSeconds(30));
        var b = new DetectorSimulator(loaded, 3, TimeSpan.FromSeconds(30));
        Assert.Equal(a.Truth.ToJson(), b.Truth.ToJson());
        Assert.Equal(a.Records().Select(r => Convert.ToHexString(r.Value)), b.Records().Select(r => Convert.ToHexString(r.Value)));
    }

    [Fact]
    public void A_scenario_file_lists_only_what_it_changes_and_the_rest_takes_defaults()
    {
        var path = Path.Combine(_dir, "mine.json");
        File.WriteAllText(path, """
            {
              // comments are allowed
              "name": "my-lifetime-test",
              "run": 9001,
              "run_mode": "kr83m",
              "start_time": "2026-05-01T12:00:00Z",
              "default_duration_s": 120,
              "kr83m": { "initial_hz": 150 },
              "parameters": { "electron_lifetime_us": [[0, 5000], [60, 3000]], "random_trigger_hz": 2 },
              "anomalies": [ { "name": "drop", "metric": "dqm_electron_lifetime.tau_us", "onset_s": 0, "description": "test" } ]
            }
            """);
        var s = ScenarioCatalog.Load(path);
        Assert.Equal("my-lifetime-test", s.Name);
        Assert.Equal(9001u, s.Run);
        Assert.Equal(Contracts.V1.RunMode.Kr83M, s.RunMode);
        Assert.Equal(TimeSpan.FromSeconds(120), s.DefaultDuration);
        Assert.Equal(4000, s.At(ScenarioParameter.ElectronLifetimeUs, 30));
        Assert.Equal(2, s.At(ScenarioParameter.RandomTriggerHz, 50));
        Assert.Equal(193, s.At(ScenarioParameter.DriftFieldVPerCm, 50));
        Assert.Equal(Kr83mSource.DefaultHalfLifeS, s.Kr83m.HalfLifeS);

        var truth = new DetectorSimulator(s, 1).Truth;
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000, truth.StartTimeNs);
        Assert.Equal(150, truth.At(TruthParameters.Kr83mRateHz, 0), 6);
        Assert.Equal(150 * Math.Pow(2, -120 / Kr83mSource.DefaultHalfLifeS), truth.At(TruthParameters.Kr83mRateHz, 120), 3);
    }

    [Theory]
    [InlineData("""{ "parameters": { "electron_lifetme_us": 5000 } }""", "electron_lifetme_us")]
    [InlineData("""{ "parameters": { "electron_lifetime_us": [[10, 5000], [5, 3000]] } }""", "strictly increase")]
    [InlineData("""{ "parameters": { "electron_lifetime_us": -1 } }""", "must be positive")]
    [InlineData("""{ "run_mode": "physics" }""", "physics")]
    [InlineData("""{ "colour": "blue" }""", "colour")]
    [InlineData("""{ "name": """, "not valid")]
    public void A_bad_scenario_file_is_rejected_with_a_message_naming_the_problem(string json, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<FormatException>(() => ScenarioCatalog.Resolve(path));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scenario_name_lists_the_built_in_ones()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => ScenarioCatalog.Resolve("purity-los"));
        Assert.Contains("purity-loss", ex.Message, StringComparison.Ordinal);
        Assert.Equal(8, ScenarioCatalog.Names.Count);

        var missing = Assert.Throws<KeyNotFoundException>(() => ScenarioCatalog.Resolve(Path.Combine(_dir, "missing.json")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }
}

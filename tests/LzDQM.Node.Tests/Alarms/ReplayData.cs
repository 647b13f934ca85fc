using LzDQM.Contracts.ReplayFiles;
using LzDQM.Simulation;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>The committed SPEC §6 scenario replays (replay-data/*.lzr) with their truth files.</summary>
public static class ReplayData
{
    /// <summary>Every scenario of SPEC §6.</summary>
    public static IReadOnlyList<string> Scenarios { get; } =
        ["science", "kr83m-calibration", "purity-loss", "cathode-hv-sag", "liquid-level-rise", "rate-spike", "daq-stall", "deadtime-burst"];

    /// <summary>The scenarios without an anomaly.</summary>
    public static IReadOnlyList<string> Clean { get; } = ["science", "kr83m-calibration"];

    /// <summary>The replay-data directory above the test binaries.</summary>
    public static string Directory { get; } = Find();

    /// <summary>The records of scenario <paramref name="name"/>, in file order.</summary>
    public static List<ReplayRecord> Records(string name)
    {
        using var reader = ReplayFileReader.Open(Path.Combine(Directory, name + ".lzr"));
        return [.. reader.ReadAll()];
    }

    /// <summary>The truth of scenario <paramref name="name"/>.</summary>
    public static ScenarioTruth Truth(string name) => ScenarioTruth.Read(Path.Combine(Directory, name + ".truth.json"));

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "replay-data");
            if (File.Exists(Path.Combine(candidate, "science.lzr")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("replay-data/ with science.lzr not found above " + AppContext.BaseDirectory + " (run replay-data/regenerate.sh)");
    }
}

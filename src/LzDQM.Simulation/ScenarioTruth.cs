using System.Text.Json;
using System.Text.Json.Serialization;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation;

/// <summary>
/// What a simulated replay really contains: the scenario, seed and run, the detector constants,
/// every time-dependent parameter (inputs and derived quantities such as drift velocity, cathode
/// edge, σ₀, trigger rates per type before dead time, expected live fraction) as piecewise-linear
/// knots over run seconds, and the anomalies with their onsets. Written as JSON beside the
/// replay (<c>X.lzr</c> → <c>X.truth.json</c>); any JSON tool can read it. Immutable once built;
/// thread-safe for reading.
/// </summary>
public sealed class ScenarioTruth
{
    /// <summary>The format identifier written in every truth file.</summary>
    public const string FormatId = "lzdqm-truth/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Always <see cref="FormatId"/>.</summary>
    public string Format { get; init; } = FormatId;

    /// <summary>Scenario name.</summary>
    public string Scenario { get; init; } = string.Empty;

    /// <summary>Scenario description.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>PRNG seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Run number.</summary>
    public uint Run { get; init; }

    /// <summary>Run mode name (<c>science</c>, <c>kr83m</c>, ...).</summary>
    public string RunMode { get; init; } = string.Empty;

    /// <summary>Run start (t = 0) in UTC ns since the Unix epoch.</summary>
    public long StartTimeNs { get; init; }

    /// <summary>Run start as ISO-8601 UTC, for people.</summary>
    public string StartTime { get; init; } = string.Empty;

    /// <summary>Simulated duration in seconds.</summary>
    public double DurationS { get; init; }

    /// <summary>Detector constants (<see cref="DetectorConstants"/>).</summary>
    public IReadOnlyDictionary<string, double> Detector { get; init; } = new Dictionary<string, double>();

    /// <summary>Kr-83m source: initial_hz, injection_s, half_life_s.</summary>
    public IReadOnlyDictionary<string, double> Kr83m { get; init; } = new Dictionary<string, double>();

    /// <summary>Every time-dependent quantity as knots over run seconds (see <see cref="TruthParameters"/>).</summary>
    public IReadOnlyDictionary<string, PiecewiseLinear> Parameters { get; init; } = new Dictionary<string, PiecewiseLinear>();

    /// <summary>DAQ stalls as [from_s, to_s] intervals of run time.</summary>
    public IReadOnlyList<double[]> Stalls { get; init; } = [];

    /// <summary>Injected anomalies.</summary>
    public IReadOnlyList<TruthAnomaly> Anomalies { get; init; } = [];

    /// <summary>Run end in UTC ns.</summary>
    [JsonIgnore]
    public long EndTimeNs => StartTimeNs + (long)Math.Round(DurationS * 1e9);

    /// <summary>A parameter's value at run time <paramref name="tSeconds"/> (linear between knots, clamped outside).</summary>
    /// <exception cref="KeyNotFoundException">The truth has no such parameter.</exception>
    public double At(string parameter, double tSeconds) =>
        Parameters.TryGetValue(parameter, out var f) ? f.At(tSeconds)
            : throw new KeyNotFoundException($"truth has no parameter '{parameter}' (has: {string.Join(", ", Parameters.Keys)})");

    /// <summary>A parameter's value at a trigger time in UTC ns.</summary>
    public double AtTimeNs(string parameter, long timeNs) => At(parameter, (timeNs - StartTimeNs) * 1e-9);

    /// <summary>Run seconds of a UTC ns time.</summary>
    public double RunSeconds(long timeNs) => (timeNs - StartTimeNs) * 1e-9;

    /// <summary>The anomaly with this name, or null.</summary>
    public TruthAnomaly? Anomaly(string name) => Anomalies.FirstOrDefault(a => a.Name == name);

    /// <summary>The truth of simulating <paramref name="scenario"/> with <paramref name="seed"/> for <paramref name="duration"/>.</summary>
    public static ScenarioTruth FromScenario(Scenario scenario, ulong seed, TimeSpan duration) => TruthParameters.Build(scenario, seed, duration);

    /// <summary>Serialises to indented JSON (deterministic: same truth, same bytes).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    /// <summary>Parses truth JSON.</summary>
    /// <exception cref="FormatException">Not a truth file of this format.</exception>
    public static ScenarioTruth FromJson(string json, string sourceName = "truth")
    {
        ScenarioTruth? truth;
        try
        {
            truth = JsonSerializer.Deserialize<ScenarioTruth>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"'{sourceName}' is not a truth file: {ex.Message}", ex);
        }

        if (truth is null || truth.Format != FormatId)
        {
            throw new FormatException($"'{sourceName}' is not a truth file of format {FormatId}");
        }

        return truth;
    }

    /// <summary>Reads a truth file.</summary>
    public static ScenarioTruth Read(string path) => FromJson(File.ReadAllText(path), path);

    /// <summary>Writes the truth file (UTF-8, LF line ends).</summary>
    public void Write(string path) => File.WriteAllText(path, ToJson());

    /// <summary>The truth file path beside a replay: <c>X.lzr</c> → <c>X.truth.json</c>.</summary>
    public static string PathFor(string replayPath)
    {
        var dir = Path.GetDirectoryName(replayPath);
        var name = Path.GetFileName(replayPath);
        var stem = name.EndsWith(Contracts.ReplayFiles.ReplayFileFormat.Extension, StringComparison.OrdinalIgnoreCase)
            ? name[..^Contracts.ReplayFiles.ReplayFileFormat.Extension.Length]
            : name;
        return Path.Combine(dir ?? string.Empty, stem + ".truth.json");
    }
}

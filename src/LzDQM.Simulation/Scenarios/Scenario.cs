using System.Globalization;
using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Scenarios;

/// <summary>
/// A named set of detector conditions over time: every <see cref="ScenarioParameter"/> as a
/// <see cref="PiecewiseLinear"/> function of run time (real seconds, no time compression), a
/// Kr-83m source, the run it is recorded as, and the anomalies it injects. JSON-serialisable
/// (<see cref="ToJson"/>, <see cref="FromJson"/>). Immutable and thread-safe.
/// </summary>
public sealed class Scenario
{
    private readonly Dictionary<string, PiecewiseLinear> _parameters;

    /// <summary>Creates a scenario; parameters not given take their defaults.</summary>
    /// <exception cref="ArgumentException">An unknown parameter name or an impossible value.</exception>
    public Scenario(
        string name,
        string description,
        uint run,
        RunMode runMode,
        DateTimeOffset startTime,
        TimeSpan defaultDuration,
        IReadOnlyDictionary<string, PiecewiseLinear>? parameters = null,
        Kr83mSource? kr83m = null,
        IReadOnlyList<AnomalySpec>? anomalies = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a scenario needs a name", nameof(name));
        }

        if (run == 0)
        {
            throw new ArgumentException("run number must be positive", nameof(run));
        }

        if (defaultDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("default duration must be positive", nameof(defaultDuration));
        }

        Name = name;
        Description = description;
        Run = run;
        RunMode = runMode;
        StartTime = startTime;
        DefaultDuration = defaultDuration;
        Kr83m = kr83m ?? Kr83mSource.None;
        Anomalies = anomalies ?? [];
        _parameters = ScenarioParameter.All.ToDictionary(p => p.Name, p => PiecewiseLinear.Constant(p.Default));
        foreach (var (key, value) in parameters ?? new Dictionary<string, PiecewiseLinear>())
        {
            if (!_parameters.ContainsKey(key))
            {
                throw new ArgumentException($"unknown scenario parameter '{key}' (known: {string.Join(", ", ScenarioParameter.All.Select(p => p.Name))})", nameof(parameters));
            }

            _parameters[key] = value;
        }

        Validate();
    }

    /// <summary>Scenario name (built-in name or the file's <c>name</c>).</summary>
    public string Name { get; }

    /// <summary>What the scenario shows, in a sentence or two.</summary>
    public string Description { get; }

    /// <summary>Run number the replay is recorded as (Kafka key).</summary>
    public uint Run { get; }

    /// <summary>Run mode announced in the START record.</summary>
    public RunMode RunMode { get; }

    /// <summary>Run start (t = 0), UTC; a fixed property of the scenario, never the wall clock.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>Duration that shows the whole scenario (before, during and after its anomaly).</summary>
    public TimeSpan DefaultDuration { get; }

    /// <summary>Kr-83m source (rate 0 when none).</summary>
    public Kr83mSource Kr83m { get; }

    /// <summary>Anomalies injected, with onsets in run seconds.</summary>
    public IReadOnlyList<AnomalySpec> Anomalies { get; }

    /// <summary>Every parameter, defaults included, keyed by <see cref="ScenarioParameter.Name"/>.</summary>
    public IReadOnlyDictionary<string, PiecewiseLinear> Parameters => _parameters;

    /// <summary>A parameter's function of time.</summary>
    public PiecewiseLinear this[string parameter] =>
        _parameters.TryGetValue(parameter, out var p) ? p : throw new KeyNotFoundException($"unknown scenario parameter '{parameter}'");

    /// <summary>A parameter's value at run time <paramref name="tSeconds"/>.</summary>
    public double At(string parameter, double tSeconds) => this[parameter].At(tSeconds);

    /// <summary>The scenario as JSON in the format <see cref="FromJson"/> reads (all parameters written).</summary>
    public string ToJson() => ScenarioDocument.Serialize(this);

    /// <summary>Parses a scenario file (format in replay-data/README.md).</summary>
    /// <exception cref="FormatException">The JSON is malformed or names unknown parameters; the message says where.</exception>
    public static Scenario FromJson(string json, string sourceName) => ScenarioDocument.Deserialize(json, sourceName);

    /// <summary>Run mode as written in JSON: <c>science</c>, <c>kr83m</c>, <c>rn220</c>, <c>dd</c>, <c>led</c>, <c>commissioning</c>.</summary>
    public static string RunModeName(RunMode mode) => mode switch
    {
        RunMode.Science => "science",
        RunMode.Kr83M => "kr83m",
        RunMode.Rn220 => "rn220",
        RunMode.Dd => "dd",
        RunMode.Led => "led",
        RunMode.Commissioning => "commissioning",
        _ => "unspecified",
    };

    /// <summary>Inverse of <see cref="RunModeName"/>.</summary>
    public static bool TryParseRunMode(string name, out RunMode mode)
    {
        foreach (var m in Enum.GetValues<RunMode>())
        {
            if (string.Equals(RunModeName(m), name, StringComparison.OrdinalIgnoreCase))
            {
                mode = m;
                return true;
            }
        }

        mode = RunMode.Unspecified;
        return false;
    }

    /// <summary>The scenario's name.</summary>
    public override string ToString() => Name;

    private void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        foreach (var (name, f) in _parameters)
        {
            var min = f.Knots.Min(k => k.Value);
            var positive = name is ScenarioParameter.ElectronLifetimeUs or ScenarioParameter.DriftFieldVPerCm
                or ScenarioParameter.SeSizeNominalPhd or ScenarioParameter.G1 or ScenarioParameter.ExtractionEfficiency;
            Require(positive ? min > 0 : min >= 0, string.Create(CultureInfo.InvariantCulture, $"parameter '{name}' must be {(positive ? "positive" : "non-negative")} (has {min})"));
        }

        Require(this[ScenarioParameter.LiquidLevelMm].Knots.All(k => k.Value < DetectorConstants.AnodeAboveGateMm - 0.5),
            "liquid_level_mm must stay at least 0.5 mm below the anode (8 mm above the gate)");
        Require(this[ScenarioParameter.G1].Knots.All(k => k.Value <= 1) && this[ScenarioParameter.ExtractionEfficiency].Knots.All(k => k.Value <= 1),
            "g1 and extraction_efficiency are probabilities (≤ 1)");
        Require(Kr83m.InitialHz >= 0 && Kr83m.HalfLifeS > 0, "kr83m needs initial_hz ≥ 0 and half_life_s > 0");
        foreach (var a in Anomalies)
        {
            Require(a.OnsetS >= 0 && (a.EndS is null || a.EndS > a.OnsetS), $"anomaly '{a.Name}' needs 0 ≤ onset_s < end_s");
        }
    }
}

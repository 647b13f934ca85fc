using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LzDQM.Simulation.Scenarios;

/// <summary>The JSON shape of a scenario file; converts to and from <see cref="Scenario"/>.</summary>
internal sealed class ScenarioDocument
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string? Name { get; set; }

    public string? Description { get; set; }

    public uint Run { get; set; }

    public string? RunMode { get; set; }

    public string? StartTime { get; set; }

    public double DefaultDurationS { get; set; }

    public KrDocument? Kr83m { get; set; }

    public Dictionary<string, PiecewiseLinear>? Parameters { get; set; }

    public List<AnomalyDocument>? Anomalies { get; set; }

    public static string Serialize(Scenario s)
    {
        var doc = new ScenarioDocument
        {
            Name = s.Name,
            Description = s.Description,
            Run = s.Run,
            RunMode = Scenario.RunModeName(s.RunMode),
            StartTime = s.StartTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            DefaultDurationS = s.DefaultDuration.TotalSeconds,
            Kr83m = new KrDocument { InitialHz = s.Kr83m.InitialHz, InjectionS = s.Kr83m.InjectionS, HalfLifeS = s.Kr83m.HalfLifeS },
            Parameters = ScenarioParameter.All.ToDictionary(p => p.Name, p => s[p.Name]),
            Anomalies = [.. s.Anomalies.Select(a => new AnomalyDocument
            {
                Name = a.Name, Metric = a.Metric, OnsetS = a.OnsetS, EndS = a.EndS, Description = a.Description,
                RelatedMetrics = a.RelatedMetrics?.ToList(),
            })],
        };
        return JsonSerializer.Serialize(doc, Options);
    }

    public static Scenario Deserialize(string json, string sourceName)
    {
        ScenarioDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<ScenarioDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"scenario file '{sourceName}' is not valid: {ex.Message}", ex);
        }

        if (doc is null)
        {
            throw new FormatException($"scenario file '{sourceName}' is empty");
        }

        var mode = Contracts.V1.RunMode.Science;
        if (doc.RunMode is not null && !Scenario.TryParseRunMode(doc.RunMode, out mode))
        {
            throw new FormatException($"scenario file '{sourceName}': unknown run_mode '{doc.RunMode}' (science, kr83m, rn220, dd, led, commissioning)");
        }

        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (doc.StartTime is not null && !DateTimeOffset.TryParse(doc.StartTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start))
        {
            throw new FormatException($"scenario file '{sourceName}': start_time '{doc.StartTime}' is not an ISO-8601 time");
        }

        try
        {
            return new Scenario(
                doc.Name ?? Path.GetFileNameWithoutExtension(sourceName),
                doc.Description ?? string.Empty,
                doc.Run == 0 ? 1 : doc.Run,
                mode,
                start,
                TimeSpan.FromSeconds(doc.DefaultDurationS > 0 ? doc.DefaultDurationS : 3600),
                doc.Parameters,
                doc.Kr83m is null ? null : new Kr83mSource(doc.Kr83m.InitialHz, doc.Kr83m.InjectionS, doc.Kr83m.HalfLifeS > 0 ? doc.Kr83m.HalfLifeS : Kr83mSource.DefaultHalfLifeS),
                doc.Anomalies?.Select(a => new AnomalySpec(a.Name ?? "anomaly", a.Metric ?? string.Empty, a.OnsetS, a.EndS, a.Description ?? string.Empty, a.RelatedMetrics)).ToList());
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"scenario file '{sourceName}': {ex.Message}", ex);
        }
    }

    internal sealed class KrDocument
    {
        public double InitialHz { get; set; }

        public double InjectionS { get; set; }

        public double HalfLifeS { get; set; }
    }

    internal sealed class AnomalyDocument
    {
        public string? Name { get; set; }

        public string? Metric { get; set; }

        public List<string>? RelatedMetrics { get; set; }

        public double OnsetS { get; set; }

        public double? EndS { get; set; }

        public string? Description { get; set; }
    }
}

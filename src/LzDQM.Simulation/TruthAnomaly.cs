using System.Text.Json.Serialization;

namespace LzDQM.Simulation;

/// <summary>An injected anomaly as the truth file states it.</summary>
public sealed class TruthAnomaly
{
    /// <summary>Short name, e.g. <c>purity-loss</c>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The metric that shows it, <c>measurement.field</c>.</summary>
    public string Metric { get; init; } = string.Empty;

    /// <summary>Other metrics that move with it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RelatedMetrics { get; init; }

    /// <summary>Onset in run seconds.</summary>
    public double OnsetS { get; init; }

    /// <summary>Onset as UTC ns since the Unix epoch.</summary>
    public long OnsetTimeNs { get; init; }

    /// <summary>End in run seconds, or null when it lasts to the end.</summary>
    public double? EndS { get; init; }

    /// <summary>End as UTC ns, or null.</summary>
    public long? EndTimeNs { get; init; }

    /// <summary>True when the onset lies inside the simulated duration.</summary>
    public bool OnsetInRun { get; init; }

    /// <summary>What happens.</summary>
    public string Description { get; init; } = string.Empty;
}

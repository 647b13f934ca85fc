namespace LzDQM.Contracts.Metrics;

// STAND-IN until branch kernel is merged (same shape as its src/LzDQM.Contracts/Metrics).

/// <summary>The InfluxDB field type of a <see cref="MetricField"/>.</summary>
public enum MetricFieldKind : byte
{
    /// <summary>A finite 64-bit float.</summary>
    Double = 0,

    /// <summary>A signed 64-bit integer.</summary>
    Integer = 1,

    /// <summary>A string.</summary>
    String = 2,
}

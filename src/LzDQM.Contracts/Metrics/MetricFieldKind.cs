namespace LzDQM.Contracts.Metrics;

/// <summary>The InfluxDB field type of a <see cref="MetricField"/>.</summary>
public enum MetricFieldKind : byte
{
    /// <summary>A finite 64-bit float.</summary>
    Double = 0,

    /// <summary>A signed 64-bit integer (line protocol suffix <c>i</c>).</summary>
    Integer = 1,

    /// <summary>A string.</summary>
    String = 2,
}

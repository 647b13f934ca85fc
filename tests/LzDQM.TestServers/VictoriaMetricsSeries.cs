namespace LzDQM.TestServers;

/// <summary>
/// One series of VictoriaMetrics' <c>/api/v1/export</c>: labels (<c>__name__</c> is
/// <c>measurement_field</c> for line-protocol writes), values and millisecond timestamps.
/// </summary>
/// <param name="Labels">All labels including <c>__name__</c>.</param>
/// <param name="Values">Sample values.</param>
/// <param name="TimestampsMs">Sample timestamps, ms since the epoch.</param>
public sealed record VictoriaMetricsSeries(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<double> Values,
    IReadOnlyList<long> TimestampsMs)
{
    /// <summary>The metric name (<c>__name__</c>).</summary>
    public string Name => Labels["__name__"];
}

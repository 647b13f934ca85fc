namespace LzDQM.Reports;

/// <summary>
/// One metric of one series over a run, in window-end order: window ends (UTC ns and minutes since
/// run start), values and 1σ errors in display units. Immutable.
/// </summary>
/// <param name="Tag">The series tag's value (trigger type, population...), or null for an untagged metric.</param>
/// <param name="Label">Legend text (the tag value, or the metric).</param>
/// <param name="TimesNs">Window ends.</param>
/// <param name="Minutes">Window ends in minutes since run start.</param>
/// <param name="Values">Values, display units.</param>
/// <param name="Errors">1σ errors, display units; null when the metric carries none.</param>
internal sealed record MetricSeries(string? Tag, string Label, long[] TimesNs, double[] Minutes, double[] Values, double[]? Errors)
{
    /// <summary>Number of windows.</summary>
    public int Count => Values.Length;

    /// <summary>True when every value is zero (a trigger type that never fired).</summary>
    public bool AllZero => Values.All(v => v == 0);
}

namespace LzDQM.Contracts.Metrics;

/// <summary>
/// The deterministic order of points in files: timestamp, then measurement, then the
/// line-protocol text (which starts with the sorted tags). Thread-safe.
/// </summary>
public sealed class MetricPointOrder : IComparer<MetricPoint>
{
    /// <summary>The shared instance.</summary>
    public static MetricPointOrder Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(MetricPoint? x, MetricPoint? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = x.TimestampNs.CompareTo(y.TimestampNs);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(x.Measurement, y.Measurement);
        return c != 0 ? c : string.CompareOrdinal(LineProtocol.Format(x), LineProtocol.Format(y));
    }
}

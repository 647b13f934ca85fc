namespace LzDQM.Contracts.Metrics;

// STAND-IN until branch kernel is merged (same shape as its src/LzDQM.Contracts/Metrics).

/// <summary>One metric point: measurement, sorted tags, sorted fields, timestamp in UTC ns.</summary>
public sealed class MetricPoint
{
    /// <summary>Creates a point; tags and fields are copied and sorted.</summary>
    public MetricPoint(string measurement, IEnumerable<KeyValuePair<string, string>> tags, IEnumerable<MetricField> fields, long timestampNs)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        Measurement = measurement;
        var t = tags.ToArray();
        Array.Sort(t, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var f = fields.ToArray();
        Array.Sort(f, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        if (f.Length == 0)
        {
            throw new ArgumentException("a point needs at least one field", nameof(fields));
        }

        Tags = t;
        Fields = f;
        TimestampNs = timestampNs;
    }

    /// <summary>Measurement name.</summary>
    public string Measurement { get; }

    /// <summary>Tags sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    /// <summary>Fields sorted by name.</summary>
    public IReadOnlyList<MetricField> Fields { get; }

    /// <summary>Timestamp, UTC ns since the Unix epoch.</summary>
    public long TimestampNs { get; }

    /// <summary>The point as one line of line protocol.</summary>
    public override string ToString() => LineProtocol.Format(this);
}

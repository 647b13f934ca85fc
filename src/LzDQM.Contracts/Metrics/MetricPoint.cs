namespace LzDQM.Contracts.Metrics;

/// <summary>
/// One metric point as sinks write it, unchanged: measurement, tags sorted by key (ordinal),
/// fields sorted by name (ordinal), timestamp in UTC ns (for windowed metrics: the window end,
/// so writing a point twice overwrites it). Immutable and safe to share between threads.
/// </summary>
public sealed class MetricPoint : IEquatable<MetricPoint>
{
    /// <summary>Creates a point; tags and fields are copied and sorted, duplicate keys throw.</summary>
    public MetricPoint(string measurement, IEnumerable<KeyValuePair<string, string>> tags, IEnumerable<MetricField> fields, long timestampNs)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        Measurement = measurement;
        var t = tags.ToArray();
        Array.Sort(t, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var f = fields.ToArray();
        Array.Sort(f, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < t.Length; i++)
        {
            if (t[i].Key == t[i - 1].Key)
            {
                throw new ArgumentException($"duplicate tag '{t[i].Key}'", nameof(tags));
            }
        }

        for (var i = 1; i < f.Length; i++)
        {
            if (f[i].Name == f[i - 1].Name)
            {
                throw new ArgumentException($"duplicate field '{f[i].Name}'", nameof(fields));
            }
        }

        if (f.Length == 0)
        {
            throw new ArgumentException("a point needs at least one field", nameof(fields));
        }

        Tags = t;
        Fields = f;
        TimestampNs = timestampNs;
    }

    /// <summary>Measurement name, e.g. <c>dqm_trigger_rate</c>.</summary>
    public string Measurement { get; }

    /// <summary>Tags sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    /// <summary>Fields sorted by name.</summary>
    public IReadOnlyList<MetricField> Fields { get; }

    /// <summary>Timestamp, UTC ns since the Unix epoch.</summary>
    public long TimestampNs { get; }

    /// <summary>The value of a tag, or null.</summary>
    public string? Tag(string key)
    {
        foreach (var kv in Tags)
        {
            if (kv.Key == key)
            {
                return kv.Value;
            }
        }

        return null;
    }

    /// <summary>The field of that name, or null.</summary>
    public MetricField? Field(string name)
    {
        foreach (var f in Fields)
        {
            if (f.Name == name)
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>A field's value as double; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public double Value(string name) =>
        Field(name)?.AsDouble() ?? throw new KeyNotFoundException($"{Measurement} has no field '{name}'");

    /// <summary>The point as one line of InfluxDB line protocol.</summary>
    public override string ToString() => LineProtocol.Format(this);

    /// <inheritdoc/>
    public bool Equals(MetricPoint? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MetricPoint);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}

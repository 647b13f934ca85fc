namespace LzDQM.Contracts.Metrics;

// STAND-IN until branch kernel is merged (same shape as its src/LzDQM.Contracts/Metrics).

/// <summary>One field of a <see cref="MetricPoint"/>.</summary>
public readonly record struct MetricField
{
    private MetricField(string name, MetricFieldKind kind, double d, long l, string? s)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        DoubleValue = d;
        IntegerValue = l;
        StringValue = s;
    }

    /// <summary>Field key.</summary>
    public string Name { get; }

    /// <summary>Which value is set.</summary>
    public MetricFieldKind Kind { get; }

    /// <summary>The double value.</summary>
    public double DoubleValue { get; }

    /// <summary>The integer value.</summary>
    public long IntegerValue { get; }

    /// <summary>The string value.</summary>
    public string? StringValue { get; }

    /// <summary>A double field; NaN and infinities throw.</summary>
    public static MetricField Double(string name, double value) =>
        double.IsFinite(value)
            ? new MetricField(name, MetricFieldKind.Double, value, 0, null)
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"field '{name}' is not finite");

    /// <summary>An integer field.</summary>
    public static MetricField Integer(string name, long value) => new(name, MetricFieldKind.Integer, 0, value, null);

    /// <summary>A string field.</summary>
    public static MetricField String(string name, string value) => new(name, MetricFieldKind.String, 0, 0, value ?? string.Empty);
}

using System.Globalization;

namespace LzDQM.Contracts.Metrics;

/// <summary>
/// One field of a <see cref="MetricPoint"/>: a name and a double, integer or string value.
/// Doubles must be finite: NaN and infinities are never written (SPEC §3), so the factory throws.
/// </summary>
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

    /// <summary>The value when <see cref="Kind"/> is <see cref="MetricFieldKind.Double"/>.</summary>
    public double DoubleValue { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="MetricFieldKind.Integer"/>.</summary>
    public long IntegerValue { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="MetricFieldKind.String"/>.</summary>
    public string? StringValue { get; }

    /// <summary>A double field; throws <see cref="ArgumentOutOfRangeException"/> on NaN or infinity.</summary>
    public static MetricField Double(string name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"field '{name}' is not finite");
        }

        return new MetricField(name, MetricFieldKind.Double, value, 0, null);
    }

    /// <summary>An integer field.</summary>
    public static MetricField Integer(string name, long value) => new(name, MetricFieldKind.Integer, 0, value, null);

    /// <summary>A string field.</summary>
    public static MetricField String(string name, string value) => new(name, MetricFieldKind.String, 0, 0, value ?? string.Empty);

    /// <summary>The value as a double (integers converted), for checks and plots.</summary>
    public double AsDouble() => Kind switch
    {
        MetricFieldKind.Double => DoubleValue,
        MetricFieldKind.Integer => IntegerValue,
        _ => double.Parse(StringValue!, CultureInfo.InvariantCulture),
    };
}

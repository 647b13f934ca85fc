using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// Turns a <see cref="MetricPoint"/> into InfluxDB.Client's <see cref="PointData"/> (ns precision),
/// so both HTTP sinks send the line protocol the official client formats. Thread-safe.
/// </summary>
public static class InfluxPointData
{
    /// <summary>The point as PointData: same measurement, tags, typed fields and ns timestamp.</summary>
    public static PointData From(MetricPoint point)
    {
        var builder = PointData.Builder.Measurement(point.Measurement);
        foreach (var tag in point.Tags)
        {
            builder = builder.Tag(tag.Key, tag.Value);
        }

        foreach (var field in point.Fields)
        {
            builder = field.Kind switch
            {
                MetricFieldKind.Double => builder.Field(field.Name, field.DoubleValue),
                MetricFieldKind.Integer => builder.Field(field.Name, field.IntegerValue),
                _ => builder.Field(field.Name, field.StringValue ?? string.Empty),
            };
        }

        return builder.Timestamp(point.TimestampNs, WritePrecision.Ns).ToPointData();
    }

    /// <summary>The point as one line of line protocol formatted by InfluxDB.Client.</summary>
    public static string ToLineProtocol(MetricPoint point) => From(point).ToLineProtocol();
}

using System.Globalization;
using System.Text;

namespace LzDQM.Contracts.Metrics;

/// <summary>
/// Deterministic InfluxDB line-protocol formatting: tags and fields in the point's sorted
/// order, doubles in shortest round-trip form (invariant culture), integers with the
/// <c>i</c> suffix, timestamps in ns. The same point always gives the same bytes. Thread-safe.
/// </summary>
public static class LineProtocol
{
    /// <summary>Formats one point as a line without the trailing newline.</summary>
    public static string Format(MetricPoint point)
    {
        var sb = new StringBuilder(128);
        Append(sb, point);
        return sb.ToString();
    }

    /// <summary>Appends one point (no newline) to a builder.</summary>
    public static void Append(StringBuilder sb, MetricPoint point)
    {
        Escape(sb, point.Measurement, measurement: true);
        foreach (var tag in point.Tags)
        {
            sb.Append(',');
            Escape(sb, tag.Key, measurement: false);
            sb.Append('=');
            Escape(sb, tag.Value, measurement: false);
        }

        var first = true;
        foreach (var field in point.Fields)
        {
            sb.Append(first ? ' ' : ',');
            first = false;
            Escape(sb, field.Name, measurement: false);
            sb.Append('=');
            switch (field.Kind)
            {
                case MetricFieldKind.Double:
                    sb.Append(field.DoubleValue.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case MetricFieldKind.Integer:
                    sb.Append(field.IntegerValue.ToString(CultureInfo.InvariantCulture)).Append('i');
                    break;
                default:
                    sb.Append('"');
                    foreach (var c in field.StringValue!)
                    {
                        if (c is '"' or '\\')
                        {
                            sb.Append('\\');
                        }

                        sb.Append(c);
                    }

                    sb.Append('"');
                    break;
            }
        }

        sb.Append(' ').Append(point.TimestampNs.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Formats points one per line (each ending in '\n') in the deterministic order of
    /// <see cref="MetricPointOrder"/>.
    /// </summary>
    public static string FormatSorted(IEnumerable<MetricPoint> points)
    {
        var sorted = points.ToList();
        sorted.Sort(MetricPointOrder.Instance);
        var sb = new StringBuilder(sorted.Count * 120);
        foreach (var p in sorted)
        {
            Append(sb, p);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void Escape(StringBuilder sb, string s, bool measurement)
    {
        foreach (var c in s)
        {
            if (c is ',' or ' ' || (!measurement && c == '='))
            {
                sb.Append('\\');
            }

            sb.Append(c is '\n' or '\r' ? ' ' : c);
        }
    }
}

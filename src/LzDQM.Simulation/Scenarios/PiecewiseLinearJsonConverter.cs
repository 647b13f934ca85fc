using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LzDQM.Simulation.Scenarios;

/// <summary>Reads a number (constant) or <c>[[t, v], ...]</c>; writes <c>[[t, v], ...]</c>.</summary>
public sealed class PiecewiseLinearJsonConverter : JsonConverter<PiecewiseLinear>
{
    /// <inheritdoc />
    public override PiecewiseLinear Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return PiecewiseLinear.Constant(reader.GetDouble());
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected a number or a list of [t_seconds, value] knots");
        }

        var knots = new List<(double, double)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("each knot is a [t_seconds, value] pair");
            }

            reader.Read();
            var t = reader.GetDouble();
            reader.Read();
            var v = reader.GetDouble();
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("each knot is a [t_seconds, value] pair");
            }

            knots.Add((t, v));
        }

        try
        {
            return new PiecewiseLinear(knots);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PiecewiseLinear value, JsonSerializerOptions options)
    {
        // One "[t,v]" knot per line (shortest round-trip numbers): readable and diff-friendly.
        var indented = writer.Options.Indented;
        var inner = indented ? "\n" + new string(' ', 2 * (writer.CurrentDepth + 1)) : string.Empty;
        var outer = indented ? "\n" + new string(' ', 2 * writer.CurrentDepth) : string.Empty;
        var text = new System.Text.StringBuilder("[");
        var first = true;
        foreach (var (t, v) in value.Knots)
        {
            text.Append(first ? string.Empty : ",").Append(inner).Append(CultureInfo.InvariantCulture, $"[{t:R},{v:R}]");
            first = false;
        }

        text.Append(outer).Append(']');
        writer.WriteRawValue(text.ToString(), skipInputValidation: true);
    }
}

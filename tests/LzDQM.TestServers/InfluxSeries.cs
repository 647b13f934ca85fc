using System.Text.Json;

namespace LzDQM.TestServers;

/// <summary>One series of an InfluxQL answer: measurement, tags (with GROUP BY *), columns and rows.</summary>
/// <param name="Name">Measurement.</param>
/// <param name="Tags">Tag values of the series (empty without GROUP BY).</param>
/// <param name="Columns">Column names; the first is <c>time</c>.</param>
/// <param name="Rows">Values per row, as JSON (numbers, strings, null).</param>
public sealed record InfluxSeries(
    string Name,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Rows)
{
    /// <summary>The value of <paramref name="column"/> in row <paramref name="row"/>.</summary>
    public JsonElement Value(int row, string column)
    {
        var index = Columns.ToList().IndexOf(column);
        return index >= 0 ? Rows[row][index] : throw new KeyNotFoundException($"series {Name} has no column '{column}' (has {string.Join(", ", Columns)})");
    }
}

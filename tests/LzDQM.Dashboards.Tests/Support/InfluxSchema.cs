using LzDQM.TestServers;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>
/// What a database really holds, as InfluxDB reports it: SHOW MEASUREMENTS, and per measurement
/// SHOW FIELD KEYS, SHOW TAG KEYS and the values of each tag. Read once after the pipeline filled it.
/// </summary>
public sealed class InfluxSchema
{
    public SortedDictionary<string, MeasurementSchema> Measurements { get; } = new(StringComparer.Ordinal);

    public static async Task<InfluxSchema> ReadAsync(InfluxDb1Server influx, string database)
    {
        var schema = new InfluxSchema();
        var measurements = await influx.QueryAsync(database, "SHOW MEASUREMENTS");
        foreach (var name in measurements.SelectMany(s => s.Rows).Select(r => r[0].GetString()!))
        {
            var m = new MeasurementSchema(name);
            foreach (var row in (await influx.QueryAsync(database, $"SHOW FIELD KEYS FROM \"{name}\"")).SelectMany(s => s.Rows))
            {
                m.Fields.Add(row[0].GetString()!);
            }

            foreach (var tag in (await influx.QueryAsync(database, $"SHOW TAG KEYS FROM \"{name}\"")).SelectMany(s => s.Rows).Select(r => r[0].GetString()!))
            {
                var values = await influx.QueryAsync(database, $"SHOW TAG VALUES FROM \"{name}\" WITH KEY = \"{tag}\"");
                m.Tags[tag] = new SortedSet<string>(values.SelectMany(s => s.Rows).Select(r => r[1].GetString()!), StringComparer.Ordinal);
            }

            schema.Measurements[name] = m;
        }

        return schema;
    }

    /// <summary>Everything <paramref name="refs"/> names that the database does not hold; empty when all exist.</summary>
    public IReadOnlyList<string> Missing(InfluxQlReferences refs)
    {
        if (refs.Measurement is null || !Measurements.TryGetValue(refs.Measurement, out var m))
        {
            return [$"measurement '{refs.Measurement}' (written: {string.Join(", ", Measurements.Keys)})"];
        }

        var missing = new List<string>();
        missing.AddRange(refs.Fields.Where(f => !m.Fields.Contains(f)).Select(f => $"field '{f}' of {m.Name} (written: {string.Join(", ", m.Fields)})"));
        missing.AddRange(refs.Tags.Where(t => !m.Tags.ContainsKey(t)).Select(t => $"tag '{t}' of {m.Name} (written: {string.Join(", ", m.Tags.Keys)})"));
        missing.AddRange(refs.TagValues.Where(v => m.Tags.TryGetValue(v.Tag, out var values) && !values.Contains(v.Value))
            .Select(v => $"value '{v.Value}' of tag {v.Tag} in {m.Name} (written: {string.Join(", ", m.Tags[v.Tag])})"));
        return missing;
    }

    public override string ToString() => string.Join("; ", Measurements.Values);
}

/// <summary>Fields and tags (with their values) of one measurement.</summary>
public sealed class MeasurementSchema(string name)
{
    public string Name { get; } = name;

    public SortedSet<string> Fields { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, SortedSet<string>> Tags { get; } = new(StringComparer.Ordinal);

    public override string ToString() => $"{Name}(fields: {string.Join(",", Fields)}; tags: {string.Join(",", Tags.Keys)})";
}

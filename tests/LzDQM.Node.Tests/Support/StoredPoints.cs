using System.Text.Json;
using LzDQM.Contracts.Metrics;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests.Support;

/// <summary>Reads back what the cluster wrote and compares it with the reference points.</summary>
public static class StoredPoints
{
    /// <summary>Every kernel point in InfluxDB (all dqm_* measurements but dqm_node), by key: field → value.</summary>
    public static async Task<Dictionary<string, Dictionary<string, JsonElement>>> FromInfluxAsync(InfluxDb1Server influx, string database)
    {
        var map = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var s in await influx.QueryAsync(database, "SELECT * FROM /^dqm_/ GROUP BY *"))
        {
            if (s.Name == "dqm_node")
            {
                continue;
            }

            for (var row = 0; row < s.Rows.Count; row++)
            {
                var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                for (var c = 1; c < s.Columns.Count; c++)
                {
                    if (s.Rows[row][c].ValueKind != JsonValueKind.Null)
                    {
                        fields[s.Columns[c]] = s.Rows[row][c];
                    }
                }

                map[PointKey.Of(s.Name, s.Tags, s.Rows[row][0].GetInt64())] = fields;
            }
        }

        return map;
    }

    /// <summary>Asserts InfluxDB holds exactly the reference: same keys, same fields, bit-identical values.</summary>
    public static void AssertEqualsReference(IReadOnlyDictionary<string, MetricPoint> expected, Dictionary<string, Dictionary<string, JsonElement>> stored)
    {
        var missing = expected.Keys.Except(stored.Keys).ToList();
        var extra = stored.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{missing.Count} of {expected.Count} reference points missing (first: {string.Join("; ", missing.Take(4))}); {extra.Count} extra (first: {string.Join("; ", extra.Take(4))})");
        var differing = new List<string>();
        foreach (var (key, point) in expected)
        {
            var fields = stored[key];
            foreach (var f in point.Fields)
            {
                var same = fields.TryGetValue(f.Name, out var v) && f.Kind switch
                {
                    MetricFieldKind.String => v.ValueKind == JsonValueKind.String && v.GetString() == f.StringValue,
                    _ => v.ValueKind == JsonValueKind.Number && v.GetDouble() == f.AsDouble(),
                };
                if (!same)
                {
                    differing.Add($"{key} {f.Name}: expected {LineProtocol.Format(point)}, stored {(fields.TryGetValue(f.Name, out var s) ? s.ToString() : "(none)")}");
                }
            }

            Assert.Equal(point.Fields.Count, fields.Count);
        }

        Assert.True(differing.Count == 0, $"{differing.Count} field values differ:\n" + string.Join("\n", differing.Take(6)));
    }

    /// <summary>The kernel lines of line-protocol files, upserted (last write of a key wins); dqm_node left out.</summary>
    public static SortedDictionary<string, string> FromFiles(params string[] paths)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            foreach (var line in reader.ReadToEnd().Split('\n'))
            {
                if (line.Length > 0 && !line.StartsWith("dqm_node,", StringComparison.Ordinal))
                {
                    map[PointKey.OfLine(line)] = line;
                }
            }
        }

        return map;
    }

    /// <summary>The latest dqm_node line of each node in line-protocol files.</summary>
    public static IReadOnlyList<string> NodeLines(params string[] paths) =>
        [.. paths.Where(File.Exists).SelectMany(p => ReadShared(p).Split('\n')).Where(l => l.StartsWith("dqm_node,", StringComparison.Ordinal))];

    /// <summary>Asserts the files hold exactly the reference lines.</summary>
    public static void AssertFilesEqualReference(IReadOnlyDictionary<string, MetricPoint> expected, SortedDictionary<string, string> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys);
        var differing = expected.Where(kv => actual[kv.Key] != LineProtocol.Format(kv.Value)).Select(kv => LineProtocol.Format(kv.Value) + "\n   got " + actual[kv.Key]).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {expected.Count} points differ:\n" + string.Join("\n", differing.Take(6)));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

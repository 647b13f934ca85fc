using System.Globalization;
using YamlDotNet.Serialization;

namespace LzDQM.Deploy.Tests.Support;

/// <summary>YAML as plain dictionaries, lists and strings, with typed accessors that fail with the path.</summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Parses a YAML document (merge keys are resolved) into dictionaries, lists and scalars.</summary>
    public static Dictionary<object, object?> Parse(string text) =>
        Deserializer.Deserialize<Dictionary<object, object?>>(new YamlDotNet.Core.MergingParser(new YamlDotNet.Core.Parser(new StringReader(text))))
        ?? throw new FormatException("empty YAML document");

    /// <summary>The mapping under <paramref name="key"/>, or null when absent.</summary>
    public static Dictionary<object, object?>? MapOrNull(this Dictionary<object, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is Dictionary<object, object?> m ? m : null;

    /// <summary>The mapping under <paramref name="key"/>.</summary>
    public static Dictionary<object, object?> Map(this Dictionary<object, object?> map, string key) =>
        map.MapOrNull(key) ?? throw new KeyNotFoundException($"no mapping '{key}' (keys: {string.Join(", ", map.Keys)})");

    /// <summary>The scalar under <paramref name="key"/> as text, or null when absent.</summary>
    public static string? Str(this Dictionary<object, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is not null and not Dictionary<object, object?> and not List<object?>
            ? Convert.ToString(v, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The sequence under <paramref name="key"/>, or empty when absent.</summary>
    public static List<object?> List(this Dictionary<object, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is List<object?> l ? l : [];

    /// <summary>The mappings of a sequence.</summary>
    public static IEnumerable<Dictionary<object, object?>> Maps(this List<object?> list) =>
        list.OfType<Dictionary<object, object?>>();

    /// <summary>Every scalar anywhere below <paramref name="node"/>, with its key path.</summary>
    public static IEnumerable<(string Path, string Value)> Scalars(object? node, string path = "")
    {
        switch (node)
        {
            case Dictionary<object, object?> m:
                foreach (var (k, v) in m)
                {
                    foreach (var s in Scalars(v, path + "." + k))
                    {
                        yield return s;
                    }
                }

                break;
            case List<object?> l:
                for (var i = 0; i < l.Count; i++)
                {
                    foreach (var s in Scalars(l[i], $"{path}[{i}]"))
                    {
                        yield return s;
                    }
                }

                break;
            case null:
                break;
            default:
                yield return (path, Convert.ToString(node, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }
}

using System.Globalization;

namespace LzDQM.Deploy.Tests.Support;

/// <summary>One service of the resolved compose configuration (<c>docker-compose config</c> output).</summary>
/// <param name="Name">Service name.</param>
/// <param name="Definition">The service's mapping as compose printed it.</param>
public sealed record ComposeService(string Name, Dictionary<object, object?> Definition)
{
    /// <summary>The image reference (<c>repo:tag</c>).</summary>
    public string Image => Definition.Str("image") ?? throw new InvalidOperationException($"service {Name} has no image");

    /// <summary>Whether compose builds the image from this repository.</summary>
    public bool IsBuilt => Definition.ContainsKey("build");

    /// <summary>The command arguments (empty: the image's default).</summary>
    public IReadOnlyList<string> Command => Words("command");

    /// <summary>The entrypoint override (empty: the image's).</summary>
    public IReadOnlyList<string> Entrypoint => Words("entrypoint");

    /// <summary>The profiles the service belongs to (empty: started by a plain <c>up</c>).</summary>
    public IReadOnlyList<string> Profiles => Definition.List("profiles").Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)!).ToList();

    /// <summary>The restart policy, or null.</summary>
    public string? Restart => Definition.Str("restart");

    /// <summary>Whether the service defines a healthcheck.</summary>
    public bool HasHealthcheck => Definition.MapOrNull("healthcheck") is { } h && h.ContainsKey("test");

    /// <summary>The environment, resolved.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var result = new Dictionary<string, string>();
            if (Definition.MapOrNull("environment") is { } map)
            {
                foreach (var (k, v) in map)
                {
                    result[k.ToString()!] = Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
                }
            }
            else
            {
                foreach (var item in Definition.List("environment").Select(i => i?.ToString() ?? ""))
                {
                    var eq = item.IndexOf('=', StringComparison.Ordinal);
                    result[eq < 0 ? item : item[..eq]] = eq < 0 ? "" : item[(eq + 1)..];
                }
            }

            return result;
        }
    }

    /// <summary>Services this one waits for, with the condition.</summary>
    public IReadOnlyDictionary<string, string> DependsOn =>
        Definition.MapOrNull("depends_on") is { } map
            ? map.ToDictionary(kv => kv.Key.ToString()!, kv => (kv.Value as Dictionary<object, object?>)?.Str("condition") ?? "service_started")
            : Definition.List("depends_on").ToDictionary(d => d!.ToString()!, _ => "service_started");

    /// <summary>Published ports: host address, host port, container port.</summary>
    public IReadOnlyList<(string HostIp, string Published, string Target)> Ports =>
        Definition.List("ports").Select(ParsePort).ToList();

    /// <summary>Mounts: source (absolute host path or volume name), target, read-only, whether a host bind.</summary>
    public IReadOnlyList<(string Source, string Target, bool ReadOnly, bool IsBind)> Volumes =>
        Definition.List("volumes").Select(ParseVolume).ToList();

    private List<string> Words(string key) =>
        Definition.TryGetValue(key, out var v) switch
        {
            false => [],
            true when v is List<object?> l => l.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? "").ToList(),
            true when v is string s => [.. s.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            _ => [],
        };

    // Compose 1.29 prints "IP:HOST:CONTAINER/tcp"; Compose v2 prints the long form.
    private static (string, string, string) ParsePort(object? port)
    {
        if (port is Dictionary<object, object?> m)
        {
            return (m.Str("host_ip") ?? "", m.Str("published") ?? "", m.Str("target") ?? "");
        }

        var text = (port?.ToString() ?? "").Split('/')[0];
        var parts = text.Split(':');
        return parts.Length switch
        {
            3 => (parts[0], parts[1], parts[2]),
            2 => ("", parts[0], parts[1]),
            _ => ("", "", parts[0]),
        };
    }

    private static (string, string, bool, bool) ParseVolume(object? volume)
    {
        if (volume is Dictionary<object, object?> m)
        {
            return (m.Str("source") ?? "", m.Str("target") ?? "", m.Str("read_only") is "true" or "True", m.Str("type") == "bind");
        }

        var parts = (volume?.ToString() ?? "").Split(':');
        var source = parts[0];
        var readOnly = parts.Length > 2 && parts[2].Split(',').Contains("ro");
        return (source, parts.Length > 1 ? parts[1] : "", readOnly, source.StartsWith('/') || source.StartsWith('.'));
    }
}

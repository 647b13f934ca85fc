using System.Security.Cryptography;

namespace LzDQM.Deploy.Tests.Support;

/// <summary>
/// A site's <c>.env</c> as the README tells to make it: <c>.env.example</c> with its settings, the
/// secrets filled in (or not). Immutable; <see cref="WriteTo"/> puts it in a file for
/// <c>docker-compose --env-file</c>.
/// </summary>
public sealed class SiteEnvFile
{
    private readonly List<KeyValuePair<string, string>> _entries;

    private SiteEnvFile(IEnumerable<KeyValuePair<string, string>> entries) => _entries = [.. entries];

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Names that hold secrets (passwords, tokens): they must come from the site, never from a default.</summary>
    public IEnumerable<string> SecretNames => _entries.Select(e => e.Key).Where(IsSecretName);

    /// <summary>The secrets docker-compose.yml requires (<c>${NAME:?message}</c>): without them nothing starts.</summary>
    public IEnumerable<string> RequiredSecretNames
    {
        get
        {
            var compose = Repository.Read("docker-compose.yml");
            return SecretNames.Where(n => compose.Contains("${" + n + ":?", StringComparison.Ordinal));
        }
    }

    /// <summary><c>.env.example</c> exactly as committed.</summary>
    public static SiteEnvFile Example() => Parse(Repository.Read(".env.example"));

    /// <summary><c>.env.example</c> with every required secret set to fresh random hex, as <c>openssl rand -hex</c> makes it.</summary>
    public static SiteEnvFile ExampleWithSecrets()
    {
        var example = Example();
        return example.RequiredSecretNames.Aggregate(example, (env, name) => env.With(name, RandomNumberGenerator.GetHexString(name.Contains("TOKEN", StringComparison.Ordinal) ? 64 : 32, lowercase: true)));
    }

    /// <summary>Whether a variable name names a secret.</summary>
    public static bool IsSecretName(string name) =>
        name.Contains("PASSWORD", StringComparison.Ordinal) || name.Contains("TOKEN", StringComparison.Ordinal) || name.Contains("SECRET", StringComparison.Ordinal);

    /// <summary>Parses KEY=VALUE lines; blank lines and <c>#</c> comments are skipped.</summary>
    public static SiteEnvFile Parse(string text)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($".env line '{line}' is not KEY=VALUE");
            }

            entries.Add(new(line[..eq], line[(eq + 1)..]));
        }

        return new SiteEnvFile(entries);
    }

    /// <summary>The value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] => _entries.Where(e => e.Key == name).Select(e => e.Value).FirstOrDefault();

    /// <summary>A copy with <paramref name="name"/> set (added at the end when absent).</summary>
    public SiteEnvFile With(string name, string value)
    {
        var copy = _entries.Select(e => e.Key == name ? new KeyValuePair<string, string>(name, value) : e).ToList();
        if (!copy.Any(e => e.Key == name))
        {
            copy.Add(new(name, value));
        }

        return new SiteEnvFile(copy);
    }

    /// <summary>A copy without the line of <paramref name="name"/>.</summary>
    public SiteEnvFile Without(string name) => new(_entries.Where(e => e.Key != name));

    /// <summary>Writes the file into <paramref name="directory"/> and returns its path.</summary>
    public string WriteTo(string directory)
    {
        var path = Path.Combine(directory, ".env");
        File.WriteAllLines(path, _entries.Select(e => $"{e.Key}={e.Value}"));
        return path;
    }
}

using System.Text.RegularExpressions;

namespace LzDQM.Deploy.Tests.Support;

/// <summary>
/// The rules of a .dockerignore as Docker applies them: patterns in order, the last one that
/// matches a path or one of its parent folders decides, <c>!</c> re-includes, <c>*</c> stays within
/// one path segment, <c>**</c> spans any number.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Include)> _rules = [];

    /// <summary>Reads the rules of a .dockerignore text.</summary>
    public DockerIgnore(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var include = line.StartsWith('!');
            var pattern = (include ? line[1..] : line).Trim().TrimStart('/').TrimEnd('/');
            _rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), include));
        }
    }

    /// <summary>Whether the file at <paramref name="relativePath"/> ('/'-separated) is sent to the builder.</summary>
    public bool IsInContext(string relativePath)
    {
        var segments = relativePath.Split('/');
        var excluded = false;
        foreach (var (pattern, include) in _rules)
        {
            var matches = Enumerable.Range(1, segments.Length).Any(n => pattern.IsMatch(string.Join('/', segments.Take(n))));
            if (matches)
            {
                excluded = !include;
            }
        }

        return !excluded;
    }

    private static string ToRegex(string pattern)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" anything.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                sb.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return sb.ToString();
    }
}

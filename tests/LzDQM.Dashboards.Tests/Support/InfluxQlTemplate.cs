using System.Globalization;
using System.Text.RegularExpressions;

namespace LzDQM.Dashboards.Tests.Support;

/// <summary>The value a template variable has for one evaluation, as Grafana would hold it.</summary>
/// <param name="Values">Selected values (one unless the variable is multi-valued).</param>
/// <param name="Multi">Multi-value or include-All variable: in a regex Grafana writes <c>(a|b)</c>, regex-escaped.</param>
/// <param name="AllValue">The custom all-value when "All" is selected (written as is), else null.</param>
public sealed record VariableValue(IReadOnlyList<string> Values, bool Multi = false, string? AllValue = null)
{
    public override string ToString() => AllValue is not null ? $"All ({AllValue})" : string.Join("|", Values);
}

/// <summary>
/// Fills Grafana's template variables into an InfluxQL query as Grafana's InfluxDB datasource does:
/// <c>$timeFilter</c> → <c>time &gt;= {from}ms and time &lt;= {to}ms</c>, <c>$__interval</c>/<c>$interval</c>,
/// <c>$__interval_ms</c>, and dashboard variables as <c>$name</c>, <c>${name}</c> or <c>[[name]]</c>; inside a regex
/// literal a multi-value variable becomes <c>(a|b)</c>. An unknown variable or format is an error.
/// </summary>
public static partial class InfluxQlTemplate
{
    public static string Fill(string query, IReadOnlyDictionary<string, VariableValue> variables, DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        var regexSpans = RegexLiteral().Matches(query).Select(m => (Start: m.Groups[1].Index, End: m.Groups[1].Index + m.Groups[1].Length)).ToList();
        return Reference().Replace(query, m =>
        {
            if (m.Groups["format"].Success)
            {
                throw new NotSupportedException($"variable format '{m.Value}' is not supported by the test's interpolation; use $name");
            }

            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bracket"].Success ? m.Groups["bracket"].Value : m.Groups["plain"].Value;
            switch (name)
            {
                case "timeFilter" or "__timeFilter":
                    return $"time >= {from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}ms and time <= {to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}ms";
                case "__interval" or "interval":
                    return Duration(interval);
                case "__interval_ms":
                    return ((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            }

            if (!variables.TryGetValue(name, out var value))
            {
                throw new KeyNotFoundException($"query uses ${name}, which is neither a Grafana macro nor a variable of the dashboard: {query}");
            }

            var inRegex = regexSpans.Any(s => m.Index >= s.Start && m.Index < s.End);
            if (inRegex)
            {
                return value.AllValue ?? (value.Multi ? "(" + string.Join("|", value.Values.Select(RegexEscape)) + ")" : value.Values.Single());
            }

            return value.Values.Count == 1 && value.AllValue is null
                ? value.Values[0]
                : throw new InvalidOperationException($"${name} has several values but is used outside a regex, where Grafana would write them comma-separated: {query}");
        });
    }

    /// <summary>
    /// $__interval as Grafana computes it: range / max data points, rounded to a "nice" step, not below the
    /// panel's (or the datasource's) minimum interval.
    /// </summary>
    public static TimeSpan Interval(DateTimeOffset from, DateTimeOffset to, int maxDataPoints, TimeSpan minimum)
    {
        var raw = TimeSpan.FromMilliseconds(Math.Max(1, (to - from).TotalMilliseconds / Math.Max(1, maxDataPoints)));
        var nice = NiceSteps.FirstOrDefault(s => s >= raw, NiceSteps[^1]);
        return nice < minimum ? minimum : nice;
    }

    /// <summary>Grafana's duration notation ("10s", "2m", "500ms").</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalMilliseconds % 1000 != 0 ? $"{(long)t.TotalMilliseconds}ms"
        : t.TotalSeconds % 86400 == 0 ? $"{(long)t.TotalDays}d"
        : t.TotalSeconds % 3600 == 0 ? $"{(long)t.TotalHours}h"
        : t.TotalSeconds % 60 == 0 ? $"{(long)t.TotalMinutes}m"
        : $"{(long)t.TotalSeconds}s";

    /// <summary>Parses a Grafana duration ("10s", "1m", "500ms").</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var m = DurationPattern().Match(text);
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a Grafana duration");
        }

        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
    }

    private static readonly TimeSpan[] NiceSteps =
    [
        .. new[] { 10, 20, 50, 100, 200, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
        .. new[] { 1, 2, 5, 10, 15, 20, 30 }.Select(s => TimeSpan.FromSeconds(s)),
        .. new[] { 1, 2, 5, 10, 15, 20, 30 }.Select(m => TimeSpan.FromMinutes(m)),
        .. new[] { 1, 2, 3, 6, 12 }.Select(h => TimeSpan.FromHours(h)),
        TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30),
    ];

    private static string RegexEscape(string value) => EscapedCharacters().Replace(value, @"\$&");

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?<format>:[^}]*)?\}|\[\[(?<bracket>[A-Za-z_][A-Za-z0-9_]*)\]\]|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"[=!]~\s*(/(?:\\/|[^/])*/)")]
    private static partial Regex RegexLiteral();

    [GeneratedRegex(@"[\\^$*+?.()|{}\[\]/]")]
    private static partial Regex EscapedCharacters();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$")]
    private static partial Regex DurationPattern();
}

using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Evaluation;

/// <summary>A validated rule with its mode set parsed, and the matching of points. Immutable.</summary>
internal sealed class CompiledRule
{
    private readonly HashSet<RunMode> _modes;

    public CompiledRule(AlarmRule rule)
    {
        rule.Validate();
        Rule = rule;
        _modes = [.. rule.Modes.Select(ParseMode)];
    }

    public AlarmRule Rule { get; }

    public string Name => Rule.Name;

    /// <summary>Whether the rule applies to a run of that mode (a rule restricted to modes skips runs of unknown mode).</summary>
    public bool AppliesTo(RunMode mode) => _modes.Count == 0 || _modes.Contains(mode);

    /// <summary>The series part of the alarm identity if the point matches (measurement and tag filter), else null.</summary>
    public string? Match(MetricPoint point)
    {
        if (!string.Equals(point.Measurement, Rule.Measurement, StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var (key, value) in Rule.Tags)
        {
            if (!string.Equals(point.Tag(key), value, StringComparison.Ordinal))
            {
                return null;
            }
        }

        if (point.Tags.Count == Rule.Tags.Count + 1)
        {
            return string.Empty; // run + the filter: the usual case, no allocation
        }

        return string.Join(',', point.Tags.Where(kv => kv.Key != "run" && !Rule.Tags.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}={kv.Value}"));
    }

    public static RunMode ParseMode(string name) => name.ToLowerInvariant() switch
    {
        "science" => RunMode.Science,
        "kr83m" => RunMode.Kr83M,
        "rn220" => RunMode.Rn220,
        "dd" => RunMode.Dd,
        "led" => RunMode.Led,
        "commissioning" => RunMode.Commissioning,
        _ => throw new AlarmConfigException($"run mode '{name}' is not one of {string.Join(", ", AlarmRule.ModeNames)}"),
    };
}

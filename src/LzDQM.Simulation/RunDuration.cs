using System.Globalization;

namespace LzDQM.Simulation;

/// <summary>Parses run durations as operators write them: <c>90s</c>, <c>20m</c>, <c>1h</c>, <c>1h30m</c>, <c>500ms</c>, <c>2d</c> or plain seconds. Thread-safe.</summary>
public static class RunDuration
{
    /// <summary>Longest duration accepted (30 days).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(30);

    /// <summary>Parses a positive duration up to <see cref="Max"/>; false when malformed or out of range.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        double seconds;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            seconds = plain;
        }
        else if (!TryParseUnits(s, out seconds))
        {
            return false;
        }

        if (!(seconds > 0) || seconds > Max.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool TryParseUnits(string s, out double seconds)
    {
        seconds = 0;
        var i = 0;
        while (i < s.Length)
        {
            var j = i;
            while (j < s.Length && (char.IsAsciiDigit(s[j]) || s[j] == '.'))
            {
                j++;
            }

            var k = j;
            while (k < s.Length && char.IsAsciiLetter(s[k]))
            {
                k++;
            }

            if (j == i || k == j || !double.TryParse(s[i..j], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            double? unit = s[j..k] switch
            {
                "ms" => 1e-3,
                "s" or "sec" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            seconds += number * unit.Value;
            i = k;
        }

        return true;
    }
}

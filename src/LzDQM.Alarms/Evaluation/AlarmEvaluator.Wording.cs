using System.Globalization;
using LzDQM.Alarms.Rules;

namespace LzDQM.Alarms.Evaluation;

/// <summary>How transitions word their messages and report thresholds (units from field names). Stateless.</summary>
public sealed partial class AlarmEvaluator
{
    // The threshold as the dqm_alarm point reports it: in the field's terms (a band edge for OutsideBand).
    private static double Reported(AlarmRule rule, double threshold, Reading reading) =>
        rule.Condition == AlarmCondition.OutsideBand ? (rule.Nominal ?? 0) + (reading.BandSide * threshold) : threshold;

    private static string Limit(AlarmRule rule, double threshold, Reading reading)
    {
        var unit = Unit(rule.Field);
        return rule.Condition switch
        {
            AlarmCondition.OutsideBand => $"{Num(Reported(rule, threshold, reading))}{unit} (nominal ± {Num(threshold)}{unit})",
            AlarmCondition.RateOfChange => $"{Num(threshold)}{unit}/h",
            AlarmCondition.NoData => $"{Num(threshold)} s",
            _ => $"{Num(threshold)}{unit}",
        };
    }

    // The unit a field's name carries (SPEC §3 names: tau_us, hz, d_l_cm2_s, ...), for messages.
    private static string Unit(string field) => field switch
    {
        "hz" or "hz_err" => " Hz",
        _ when field.EndsWith("_mm_us", StringComparison.Ordinal) => " mm/µs",
        _ when field.EndsWith("_cm2_s", StringComparison.Ordinal) => " cm²/s",
        _ when field.EndsWith("_us", StringComparison.Ordinal) => " µs",
        _ when field.EndsWith("_phd", StringComparison.Ordinal) => " phd",
        _ when field.EndsWith("_ms", StringComparison.Ordinal) => " ms",
        _ => string.Empty,
    };

    private static string Describe(AlarmRule rule, AlarmTrack track)
    {
        var tags = string.Join(',', rule.Tags.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        if (track.Series.Length > 0)
        {
            tags = tags.Length > 0 ? $"{tags},{track.Series}" : track.Series;
        }

        return $"run {track.Run} {rule.Measurement}{(tags.Length > 0 ? $"[{tags}]" : string.Empty)}.{rule.Field}";
    }

    private static string Num(double v, bool signed = false) =>
        (signed && v > 0 ? "+" : string.Empty) + v.ToString(Math.Abs(v) switch { >= 100_000 => "F0", >= 1000 => "G5", _ => "G4" }, CultureInfo.InvariantCulture);
}

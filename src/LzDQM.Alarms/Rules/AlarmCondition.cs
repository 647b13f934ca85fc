namespace LzDQM.Alarms.Rules;

/// <summary>How a rule compares its field with its thresholds.</summary>
public enum AlarmCondition
{
    /// <summary>Alarm while the value is at or above the threshold; clears below the clear threshold.</summary>
    Above = 0,

    /// <summary>Alarm while the value is at or below the threshold; clears above the clear threshold.</summary>
    Below = 1,

    /// <summary>
    /// Alarm while |value − <see cref="AlarmRule.Nominal"/>| is at or above the threshold: thresholds
    /// (and the clear threshold) are deviations from the nominal value, in the field's unit.
    /// </summary>
    OutsideBand = 2,

    /// <summary>
    /// Alarm on the field's change per hour of event time, measured between the newest point and the
    /// newest point at least <see cref="AlarmRule.RateSpanSeconds"/> older. Positive thresholds alarm
    /// on a rise (rate ≥ threshold), negative ones on a fall (rate ≤ threshold).
    /// </summary>
    RateOfChange = 3,

    /// <summary>
    /// Alarm when the series has had no data for the threshold in seconds of event time: the field (a
    /// count) was 0 or the series wrote no point while the run's other series advanced. See
    /// <see cref="AlarmRule.DataWindowSeconds"/>.
    /// </summary>
    NoData = 4,
}

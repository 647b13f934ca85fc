namespace LzDQM.Alarms.Evaluation;

/// <summary>The evaluator's memory of one alarm (rule + run + series). Mutable; owned by one <see cref="AlarmBook"/>.</summary>
internal sealed class AlarmTrack
{
    public required string AlarmId { get; init; }

    public required string Rule { get; init; }

    public required uint Run { get; init; }

    public required string Series { get; init; }

    /// <summary>Timestamp of the last point of the series that was evaluated; older or equal ones are re-deliveries.</summary>
    public long LastTimeNs { get; set; } = long.MinValue;

    public AlarmState State { get; set; }

    public AlarmSeverity Severity { get; set; } = AlarmSeverity.Warn;

    public long PendingSinceNs { get; set; }

    public long FiredAtNs { get; set; }

    public long SinceNs { get; set; }

    public long Sequence { get; set; }

    /// <summary>RateOfChange: (time, value, error) of recent points, oldest first.</summary>
    public List<RatePoint> History { get; } = [];

    /// <summary>NoData: since when the series is known to have had no data; null while it has data.</summary>
    public long? SilenceSinceNs { get; set; }

    /// <summary>NoData: timestamp of the last point that had data (or when tracking began).</summary>
    public long LastDataNs { get; set; }
}

/// <summary>One point of a RateOfChange history.</summary>
internal readonly record struct RatePoint(long TimeNs, double Value, double Error);

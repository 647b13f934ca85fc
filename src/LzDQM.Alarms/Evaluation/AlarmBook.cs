using LzDQM.Alarms.Paging;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// The whole alarm state: every alarm's state, the firing problems (what was paged, with which severity), pending start, firing times and transition count,
/// the last evaluated time per series, RateOfChange histories, NoData silences, run modes and
/// event-time clocks, ended runs, and the <see cref="Outbox"/> of unacknowledged notifications.
/// <see cref="ToBytes"/> / <see cref="FromBytes"/> (versioned binary) let a new singleton continue
/// exactly where the old one stopped: no re-page of an open alarm, no forgotten resolve.
/// <para>Threading contract: not thread-safe; owned by one evaluator.</para>
/// </summary>
public sealed class AlarmBook
{
    /// <summary>How many ended runs are remembered (to ignore their late points).</summary>
    public const int EndedRunsKept = 1000;

    /// <summary>
    /// How many runs are followed at once. A run whose STOP never arrived would otherwise keep its
    /// alarms open for ever: when a new run makes one too many, the run that advanced least recently
    /// (in event time) is ended as if stopped at its last point.
    /// </summary>
    public const int OpenRunsKept = 64;

    internal SortedDictionary<string, AlarmTrack> Tracks { get; } = new(StringComparer.Ordinal);

    /// <summary>Firing problems by <see cref="AlarmTransition.ProblemId"/>.</summary>
    internal SortedDictionary<string, ProblemTrack> Problems { get; } = new(StringComparer.Ordinal);

    internal SortedDictionary<uint, RunInfo> Runs { get; } = [];

    internal SortedSet<uint> EndedRuns { get; } = [];

    /// <summary>Notifications not yet acknowledged, and alerts acknowledged as firing.</summary>
    public AlarmOutbox Outbox { get; internal set; } = new();

    /// <summary>Alarms not ok (pending or firing), ordered by id.</summary>
    public IReadOnlyList<AlarmStatus> OpenAlarms =>
        [.. Tracks.Values.Where(t => t.State != AlarmState.Ok).Select(t => new AlarmStatus(t.AlarmId, t.Rule, t.Run, t.State, t.Severity, t.PendingSinceNs, t.FiredAtNs))];

    /// <summary>The state as bytes (format version <see cref="AlarmBookFormat.Version"/>).</summary>
    public byte[] ToBytes() => AlarmBookFormat.Write(this);

    /// <summary>Reads state written by <see cref="ToBytes"/>; throws <see cref="InvalidDataException"/> (one line) on bad bytes.</summary>
    public static AlarmBook FromBytes(ReadOnlySpan<byte> bytes) => AlarmBookFormat.Read(bytes);

    internal RunInfo RunFor(uint run)
    {
        if (!Runs.TryGetValue(run, out var info))
        {
            info = new RunInfo();
            Runs[run] = info;
        }

        return info;
    }

    internal AlarmTrack TrackFor(string rule, uint run, string series, long firstSeenNs)
    {
        var id = series.Length == 0 ? $"{rule}/{run}" : $"{rule}/{run}/{series}";
        if (!Tracks.TryGetValue(id, out var track))
        {
            track = new AlarmTrack { AlarmId = id, Rule = rule, Run = run, Series = series, LastDataNs = firstSeenNs };
            Tracks[id] = track;
        }

        return track;
    }

    internal void TrimEndedRuns()
    {
        while (EndedRuns.Count > EndedRunsKept)
        {
            EndedRuns.Remove(EndedRuns.Min);
        }
    }

    internal RunMode ModeOf(uint run) => Runs.TryGetValue(run, out var i) ? i.Mode : RunMode.Unspecified;
}

namespace LzDQM.Node;

/// <summary>
/// What this node published lately for the alarm engine: the latest transition of each recent run
/// and the point batches of the last <see cref="Retention"/> (at most <see cref="MaxBatches"/>).
/// A new alarm-engine singleton asks every node for it (<see cref="AlarmCatchUpResponder"/>), so
/// batches published while no engine subscribed (the hand-over gap; pub-sub delivers at most once)
/// still reach it. Thread-safe: the pipelines add, the responder actor reads.
/// </summary>
public sealed class RecentPublications
{
    private const int MaxRuns = 64;
    private readonly Lock _gate = new();
    private readonly Queue<(long Ticks, MetricPointBatch Batch)> _batches = new();
    private readonly Dictionary<uint, RunModeSeen> _runs = [];

    /// <summary>How long a batch is kept (wall-clock); longer than a singleton hand-over takes.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Most batches kept; the oldest are dropped first.</summary>
    public int MaxBatches { get; init; } = 4000;

    /// <summary>Remembers a published batch.</summary>
    public void Add(MetricPointBatch batch)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            _batches.Enqueue((now, batch));
            Trim(now);
        }
    }

    /// <summary>Remembers a run's latest transition (the newest per run wins; few runs are kept).</summary>
    public void Add(RunModeSeen run)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(run.Run, out var known) && known.StopNs is not null && run.StopNs is null)
            {
                return; // a START re-announced after a restore never re-opens a stopped run
            }

            _runs[run.Run] = run.Mode == Contracts.V1.RunMode.Unspecified && known is not null ? run with { Mode = known.Mode, StartNs = known.StartNs } : run;
            if (_runs.Count > MaxRuns)
            {
                _runs.Remove(_runs.Values.OrderBy(r => r.StartNs).First().Run);
            }
        }
    }

    /// <summary>The recent runs, then the batches still kept, oldest first.</summary>
    public (RunModeSeen[] Runs, MetricPointBatch[] Batches) Take()
    {
        lock (_gate)
        {
            Trim(Environment.TickCount64);
            return ([.. _runs.Values], [.. _batches.Select(b => b.Batch)]);
        }
    }

    private void Trim(long now)
    {
        var cutoff = now - (long)Retention.TotalMilliseconds;
        while (_batches.Count > 0 && (_batches.Count > MaxBatches || _batches.Peek().Ticks < cutoff))
        {
            _batches.Dequeue();
        }
    }
}

using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Evaluation;

/// <summary>What the evaluator knows of a run: its mode (from run control) and how far its event time got.</summary>
internal sealed class RunInfo
{
    public RunMode Mode { get; set; } = RunMode.Unspecified;

    /// <summary>The newest point timestamp of the run (any series): the run's event-time clock.</summary>
    public long NowNs { get; set; } = long.MinValue;
}

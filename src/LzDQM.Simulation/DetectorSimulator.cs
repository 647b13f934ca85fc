using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Simulation.Output;
using LzDQM.Simulation.Scenarios;
using Google.Protobuf;

namespace LzDQM.Simulation;

/// <summary>
/// Simulates a run of the detector under a <see cref="Scenario"/> (SPEC §1) and renders it as
/// the replay records the DAQ would have published: a run-control START, then per chunk a
/// <see cref="TriggerChunk"/> and a <see cref="PulseChunk"/> of the same events (key = run,
/// record time = first trigger time of the chunk), then a STOP. Deterministic: the same
/// scenario, seed and duration give the same records and bytes. Each enumeration or write
/// starts the run afresh; one instance may be used by one thread at a time.
/// </summary>
public sealed class DetectorSimulator
{
    /// <summary>Creates a simulator; <paramref name="duration"/> defaults to the scenario's own.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive duration.</exception>
    public DetectorSimulator(Scenario scenario, ulong seed, TimeSpan? duration = null)
    {
        Scenario = scenario;
        Seed = seed;
        Duration = duration ?? scenario.DefaultDuration;
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "duration must be positive");
        }

        Truth = ScenarioTruth.FromScenario(scenario, seed, Duration);
    }

    /// <summary>The scenario simulated.</summary>
    public Scenario Scenario { get; }

    /// <summary>PRNG seed.</summary>
    public ulong Seed { get; }

    /// <summary>Simulated duration.</summary>
    public TimeSpan Duration { get; }

    /// <summary>What the run really contains (parameters over time, anomaly onsets).</summary>
    public ScenarioTruth Truth { get; }

    /// <summary>Counts from the last complete pass (enumeration, write or <see cref="ForEachChunk"/>), or null.</summary>
    public SimulationSummary? LastSummary { get; private set; }

    /// <summary>The run's replay records in order, generated lazily (memory for one chunk).</summary>
    public IEnumerable<ReplayRecord> Records()
    {
        var stream = new ChunkStream(Scenario, Seed, Duration.TotalSeconds);
        var columns = new ChunkColumns();
        var encoder = new ChunkEncoder();
        long records = 2;
        yield return ReplayRecord.ForRun(ReplayTopic.Runs, Scenario.Run, Truth.StartTimeNs, RunControlBytes(RunControl.Types.Transition.Start));
        while (stream.NextChunk(columns))
        {
            var time = columns.TriggerTimeNs[0];
            yield return ReplayRecord.ForRun(ReplayTopic.Triggers, Scenario.Run, time, encoder.EncodeTriggers(columns).ToArray());
            yield return ReplayRecord.ForRun(ReplayTopic.Pulses, Scenario.Run, time, encoder.EncodePulses(columns).ToArray());
            records += 2;
        }

        yield return ReplayRecord.ForRun(ReplayTopic.Runs, Scenario.Run, Truth.EndTimeNs, RunControlBytes(RunControl.Types.Transition.Stop));
        LastSummary = new SimulationSummary(stream.Events, stream.Pulses, stream.Chunks, stream.LostTriggers, records, 0);
    }

    /// <summary>
    /// Generates the run's chunks without encoding them (the generation cost alone). The columns
    /// passed to <paramref name="onChunk"/> are reused: valid only during the call.
    /// </summary>
    public SimulationSummary ForEachChunk(Action<ChunkColumns> onChunk, IProgress<double>? progress = null)
    {
        var stream = new ChunkStream(Scenario, Seed, Duration.TotalSeconds);
        var columns = new ChunkColumns();
        while (stream.NextChunk(columns))
        {
            onChunk(columns);
            Report(progress, stream);
        }

        progress?.Report(1);
        LastSummary = new SimulationSummary(stream.Events, stream.Pulses, stream.Chunks, stream.LostTriggers, 2 + (2 * stream.Chunks), 0);
        return LastSummary;
    }

    /// <summary>
    /// Writes the replay to <paramref name="replayPath"/> and the truth beside it
    /// (<see cref="ScenarioTruth.PathFor"/>). Each file is written under a temporary name and
    /// renamed when complete, so a failure leaves no half-written file.
    /// </summary>
    /// <exception cref="IOException">The path cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The path cannot be written.</exception>
    public SimulationSummary WriteReplay(string replayPath, IProgress<double>? progress = null)
    {
        var truthPath = ScenarioTruth.PathFor(replayPath);
        var replayTemp = replayPath + ".partial";
        var truthTemp = truthPath + ".partial";
        try
        {
            SimulationSummary summary;
            using (var file = new FileStream(replayTemp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                summary = WriteReplay(file, progress);
            }

            Truth.Write(truthTemp);
            File.Move(replayTemp, replayPath, overwrite: true);
            File.Move(truthTemp, truthPath, overwrite: true);
            return summary;
        }
        catch
        {
            File.Delete(replayTemp);
            File.Delete(truthTemp);
            throw;
        }
    }

    /// <summary>Writes the replay (no truth) to a stream, e.g. <see cref="Stream.Null"/> for a benchmark.</summary>
    public SimulationSummary WriteReplay(Stream replay, IProgress<double>? progress = null)
    {
        var counting = new CountingStream(replay);
        var stream = new ChunkStream(Scenario, Seed, Duration.TotalSeconds);
        var columns = new ChunkColumns();
        var encoder = new ChunkEncoder();
        var key = System.Text.Encoding.ASCII.GetBytes(Scenario.Run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        long records;
        using (var writer = new ReplayFileWriter(counting, ownsStream: false))
        {
            writer.Write(ReplayTopic.Runs, Truth.StartTimeNs, key, RunControlBytes(RunControl.Types.Transition.Start), WireEncoding.Protobuf);
            while (stream.NextChunk(columns))
            {
                var time = columns.TriggerTimeNs[0];
                writer.Write(ReplayTopic.Triggers, time, key, encoder.EncodeTriggers(columns), WireEncoding.Protobuf);
                writer.Write(ReplayTopic.Pulses, time, key, encoder.EncodePulses(columns), WireEncoding.Protobuf);
                Report(progress, stream);
            }

            writer.Write(ReplayTopic.Runs, Truth.EndTimeNs, key, RunControlBytes(RunControl.Types.Transition.Stop), WireEncoding.Protobuf);
            writer.Finish();
            records = writer.RecordCount;
        }

        progress?.Report(1);
        LastSummary = new SimulationSummary(stream.Events, stream.Pulses, stream.Chunks, stream.LostTriggers, records, counting.Written);
        return LastSummary;
    }

    private void Report(IProgress<double>? progress, ChunkStream stream)
    {
        if (progress is not null && stream.Chunks % 64 == 0)
        {
            progress.Report(Math.Clamp(stream.ReachedS / Duration.TotalSeconds, 0, 1));
        }
    }

    private byte[] RunControlBytes(RunControl.Types.Transition transition) => new RunControl
    {
        Run = Scenario.Run,
        TimeNs = transition == RunControl.Types.Transition.Start ? Truth.StartTimeNs : Truth.EndTimeNs,
        Transition = transition,
        Mode = Scenario.RunMode,
        Comment = $"lzdqm simulate --scenario {Scenario.Name} --seed {Seed}",
    }.ToByteArray();
}

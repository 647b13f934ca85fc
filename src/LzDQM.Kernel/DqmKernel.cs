using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;

namespace LzDQM.Kernel;

/// <summary>
/// The DQM kernel of one partition: decodes chunks into reusable columns, folds them into each
/// run's windows (<see cref="RunAnalysis"/>), applies run control, and appends the points of
/// closed windows to the output collection.
/// <para>Threading contract: one writer thread calls every <c>On…</c> method (no locks anywhere
/// on that path). Any other thread may call <see cref="RequestSnapshot"/> and read
/// <see cref="LatestSnapshot"/> at any time without blocking the writer: the reader raises a flag
/// with a volatile write; the writer checks it (one volatile read) after each chunk and, when set,
/// builds a new immutable <see cref="KernelSnapshot"/> and publishes it with
/// <see cref="Volatile.Write{T}(ref T, T)"/> (release), so a reader's <see cref="Volatile.Read{T}(ref readonly T)"/>
/// (acquire) sees a fully built snapshot, never a torn one. Snapshots are never mutated after
/// publication, so a reader may keep one as long as it likes.</para>
/// </summary>
public sealed class DqmKernel
{
    private readonly KernelOptions _options;
    private readonly ICollection<MetricPoint> _output;
    private readonly Dictionary<uint, RunAnalysis> _runs = [];
    private readonly HashSet<uint> _stopped = [];
    private readonly TriggerColumns _triggers = new();
    private readonly PulseColumns _pulses = new();
    private KernelSnapshot? _snapshot;
    private int _snapshotRequested;
    private long _version;

    /// <summary>Creates a kernel writing closed-window points to <paramref name="output"/>.</summary>
    public DqmKernel(KernelOptions options, ICollection<MetricPoint> output)
    {
        options.Validate();
        _options = options;
        _output = output;
    }

    /// <summary>Chunks folded in.</summary>
    public long Chunks { get; private set; }

    /// <summary>Events of runs already stopped (dropped).</summary>
    public long AfterStopEvents { get; private set; }

    /// <summary>Open runs (writer thread only).</summary>
    public IReadOnlyDictionary<uint, RunAnalysis> Runs => _runs;

    /// <summary>Runs stopped so far.</summary>
    public int StoppedRuns => _stopped.Count;

    /// <summary>The most recently published snapshot, or null. Any thread; never blocks.</summary>
    public KernelSnapshot? LatestSnapshot => Volatile.Read(ref _snapshot);

    /// <summary>Asks the writer to publish a snapshot after its next chunk. Any thread; never blocks.</summary>
    public void RequestSnapshot() => Volatile.Write(ref _snapshotRequested, 1);

    /// <summary>Publishes a snapshot now (writer thread only, e.g. when idle).</summary>
    public void PublishSnapshot()
    {
        Interlocked.Exchange(ref _snapshotRequested, 0);
        var points = new List<MetricPoint>();
        var marks = new Dictionary<uint, long>();
        foreach (var (run, analysis) in _runs)
        {
            analysis.Provisional(points);
            marks[run] = analysis.Watermark;
        }

        Volatile.Write(ref _snapshot, new KernelSnapshot(++_version, Chunks, marks, points));
    }

    /// <summary>Applies a run transition: START opens the run with its mode; STOP closes all its windows.</summary>
    public void OnRunControl(RunControl control)
    {
        switch (control.Transition)
        {
            case RunControl.Types.Transition.Start:
                RunFor(control.Run)?.Start(control.TimeNs, control.Mode);
                break;
            case RunControl.Types.Transition.Stop:
                if (RunFor(control.Run) is { } run)
                {
                    run.Stop(control.TimeNs, _output);
                    _runs.Remove(control.Run);
                    _stopped.Add(control.Run);
                }

                break;
        }

        AfterChunk();
    }

    /// <summary>Decodes and folds a protobuf TriggerChunk. Throws <see cref="InvalidDataException"/> on bad bytes, having changed nothing.</summary>
    public void OnTriggerChunk(ReadOnlySpan<byte> protobuf)
    {
        TriggerColumnReader.Read(protobuf, _triggers);
        OnTriggers(_triggers);
    }

    /// <summary>Decodes and folds a protobuf PulseChunk. Throws <see cref="InvalidDataException"/> on bad bytes, having changed nothing.</summary>
    public void OnPulseChunk(ReadOnlySpan<byte> protobuf)
    {
        PulseColumnReader.Read(protobuf, _pulses);
        OnPulses(_pulses);
    }

    /// <summary>
    /// Folds decoded trigger columns in and closes what is ready. A chunk that breaks the SPEC §2
    /// rules (see <see cref="ChunkRules"/>, or times before the run's previous trigger chunk) throws
    /// <see cref="InvalidDataException"/> before changing anything.
    /// </summary>
    public void OnTriggers(TriggerColumns columns)
    {
        ChunkRules.Check(columns);
        if (RunFor(columns.Run) is { } run)
        {
            run.CheckTriggerOrder(columns);
            run.AddTriggers(columns);
            run.CloseReady(_output);
        }
        else
        {
            AfterStopEvents += columns.Count;
        }

        Chunks++;
        AfterChunk();
    }

    /// <summary>
    /// Folds decoded pulse columns in and closes what is ready. A chunk that breaks the SPEC §2
    /// rules (NaN, negative areas, times going backwards) throws <see cref="InvalidDataException"/>
    /// before changing anything.
    /// </summary>
    public void OnPulses(PulseColumns columns)
    {
        ChunkRules.Check(columns);
        if (RunFor(columns.Run) is { } run)
        {
            run.CheckPulseOrder(columns);
            run.AddPulses(columns);
            run.CloseReady(_output);
        }
        else
        {
            AfterStopEvents += columns.EventCount;
        }

        Chunks++;
        AfterChunk();
    }

    /// <summary>
    /// Folds one replay record (any topic, protobuf or JSON). Bad payloads throw
    /// <see cref="InvalidDataException"/> (or Google.Protobuf's parse exceptions for JSON).
    /// </summary>
    public void OnRecord(ReplayRecord record)
    {
        var json = record.Encoding == WireEncoding.Json;
        switch (record.Topic)
        {
            case ReplayTopic.Runs:
                OnRunControl(json ? RunControl.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(record.Value)) : RunControl.Parser.ParseFrom(record.Value));
                break;
            case ReplayTopic.Triggers when json:
                _triggers.CopyFrom(TriggerChunk.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(record.Value)));
                OnTriggers(_triggers);
                break;
            case ReplayTopic.Triggers:
                OnTriggerChunk(record.Value);
                break;
            case ReplayTopic.Pulses when json:
                _pulses.CopyFrom(PulseChunk.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(record.Value)));
                OnPulses(_pulses);
                break;
            default:
                OnPulseChunk(record.Value);
                break;
        }
    }

    /// <summary>Adds a partial run state (another partition's share, a checkpoint) to this kernel's.</summary>
    public void MergeRun(RunAnalysis partial)
    {
        if (_stopped.Contains(partial.Run))
        {
            return;
        }

        if (_runs.TryGetValue(partial.Run, out var run))
        {
            run.Merge(partial);
        }
        else
        {
            var fresh = new RunAnalysis(partial.Run, _options);
            fresh.Merge(partial);
            _runs[partial.Run] = fresh;
        }
    }

    /// <summary>
    /// The kernel's whole state (every open run's windows and the stopped runs) as versioned bytes,
    /// for a checkpoint next to the input offsets it covers. Writer thread only.
    /// </summary>
    public byte[] ExportState()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write((byte)1);
            w.Write7BitEncodedInt(_stopped.Count);
            foreach (var run in _stopped.Order())
            {
                w.Write(run);
            }

            w.Write7BitEncodedInt(_runs.Count);
            foreach (var run in _runs.Keys.Order())
            {
                _runs[run].WriteState(w);
            }
        }

        return ms.ToArray();
    }

    /// <summary>
    /// Merges a state from <see cref="ExportState"/> (this kernel's own checkpoint after a restart,
    /// or another node's share) into this kernel. Throws <see cref="InvalidDataException"/> on a
    /// corrupt or foreign state, having changed nothing. Writer thread only.
    /// </summary>
    public void ImportState(byte[] state)
    {
        var stopped = new List<uint>();
        var runs = new List<RunAnalysis>();
        try
        {
            using var r = new BinaryReader(new MemoryStream(state));
            if (r.ReadByte() != 1)
            {
                throw new InvalidDataException("unsupported kernel state version");
            }

            for (var n = r.Read7BitEncodedInt(); n > 0; n--)
            {
                stopped.Add(r.ReadUInt32());
            }

            for (var n = r.Read7BitEncodedInt(); n > 0; n--)
            {
                runs.Add(RunAnalysis.ReadState(r, _options));
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("kernel state is truncated", ex);
        }

        foreach (var run in stopped)
        {
            _stopped.Add(run);
            _runs.Remove(run);
        }

        foreach (var run in runs)
        {
            MergeRun(run);
        }
    }

    /// <summary>Closes the windows of every open run that are complete (e.g. after merging partials).</summary>
    public void CloseReady()
    {
        foreach (var run in _runs.Values)
        {
            run.CloseReady(_output);
        }
    }

    private RunAnalysis? RunFor(uint run)
    {
        if (_runs.TryGetValue(run, out var a))
        {
            return a;
        }

        if (_stopped.Contains(run))
        {
            return null;
        }

        a = new RunAnalysis(run, _options);
        _runs[run] = a;
        return a;
    }

    private void AfterChunk()
    {
        if (Volatile.Read(ref _snapshotRequested) != 0)
        {
            PublishSnapshot();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using LzDQM.Contracts.Metrics;
using LzDQM.Kafka;
using LzDQM.Kernel;

namespace LzDQM.Cli.Demo;

/// <summary>
/// Builds <see cref="LiveSample"/>s from the running nodes: asks every partition kernel for a
/// snapshot (lock-free; the kernel publishes it after its next chunk) and reads the provisional
/// points of the open windows, the intake counters, the lag and the replay progress. A value that
/// an open window cannot give yet (too few events) keeps its last seen value. Not thread-safe:
/// one caller (the live view's loop).
/// </summary>
internal sealed class LiveSampler
{
    private readonly IReadOnlyList<DemoNode> _nodes;
    private readonly IReadOnlyDictionary<string, long> _runStarts;
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Events, double Rate)> _nodeRates = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, AlarmLineTail> _alarmTails = new(StringComparer.Ordinal);
    private double _lastSeconds;

    /// <param name="nodes">The demo's nodes.</param>
    /// <param name="runStarts">Run start (UTC ns) by run tag, for the event time reached.</param>
    public LiveSampler(IReadOnlyList<DemoNode> nodes, IReadOnlyDictionary<string, long> runStarts)
    {
        _nodes = nodes;
        _runStarts = runStarts;
    }

    /// <summary>Header text.</summary>
    public string Title { get; set; } = "LzDQM demo";

    /// <summary>What the demo does now (set by the demo, read here).</summary>
    public volatile string Phase = "starting";

    /// <summary>The latest replay progress, when a replay runs (set from the publishing thread).</summary>
    public volatile ReplayProgress? Progress;

    /// <summary>Event time in the replay, minutes (for the progress line).</summary>
    public double ReplayMinutes { get; set; }

    /// <summary>Takes a sample now.</summary>
    public LiveSample Take()
    {
        var now = _clock.Elapsed.TotalSeconds;
        var dt = Math.Max(now - _lastSeconds, 1e-3);
        _lastSeconds = now;
        var nodes = new List<LiveNode>();
        var open = new HashSet<string>(StringComparer.Ordinal);
        long lag = 0, written = 0;
        foreach (var node in _nodes)
        {
            if (node.Service.Pipeline is not { } pipeline)
            {
                continue;
            }

            var nodeLag = pipeline.PartitionLag.Values.Sum();
            lag += nodeLag;
            if (node.Service.Delivery is { } delivery)
            {
                written += Node.NodeHealthSample.Combined(delivery).PointsWritten;
            }

            var events = pipeline.Counters.Events;
            var (lastEvents, lastRate) = _nodeRates.GetValueOrDefault(node.Name, (events, 0));
            var rate = (0.5 * lastRate) + (0.5 * (events - lastEvents) / dt); // smoothed over about a second
            _nodeRates[node.Name] = (events, rate);
            nodes.Add(new LiveNode(node.Name, [.. pipeline.OwnedPartitions.Order()], nodeLag, rate, events));
            foreach (var partition in pipeline.Pipelines)
            {
                partition.Kernel.RequestSnapshot();
                if (partition.Kernel.LatestSnapshot is not { } snapshot)
                {
                    continue;
                }

                foreach (var (run, watermark) in snapshot.Watermarks)
                {
                    var tag = run.ToString(CultureInfo.InvariantCulture);
                    open.Add(tag);
                    var state = State(tag);
                    state.Partition = partition.Partition;
                    state.Node = node.Name;
                    state.Watermark = watermark;
                }

                foreach (var point in snapshot.Points)
                {
                    if (point.Tag("run") is { } run)
                    {
                        State(run).Take(point);
                    }
                }
            }
        }

        // The node hosting the alarm singleton writes dqm_alarm to its file (nodes may start after this sampler).
        foreach (var node in _nodes)
        {
            if (!_alarmTails.TryGetValue(node.Name, out var tail))
            {
                _alarmTails[node.Name] = tail = new AlarmLineTail(node.PointsPath);
            }

            foreach (var alarm in tail.ReadNew())
            {
                if (alarm.Tag("run") is { } run)
                {
                    State(run).TakeAlarm(alarm);
                }
            }
        }

        var runs = _runs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.ToLive(kv.Key, !open.Contains(kv.Key), _runStarts)).ToList();
        LiveReplay? replay = null;
        if (Progress is { } p)
        {
            // Event time, not file bytes: the reader runs a block (~1 MB) ahead of the publisher.
            var minutes = (p.EventTimeNs - p.FirstEventTimeNs) / 60e9;
            var fraction = ReplayMinutes > 0 ? minutes / ReplayMinutes : p.FileBytesTotal > 0 ? (double)p.FileBytesRead / p.FileBytesTotal : 0;
            replay = new LiveReplay(Math.Clamp(fraction, 0, 1), minutes, ReplayMinutes, p.HeldByConsumers);
        }

        var owners = _nodes.Count > 0 ? _nodes[0].Ownership.Current.Assignments.ToList() : [];
        return new LiveSample(Title, Phase, _clock.Elapsed, replay, nodes.Sum(n => n.EventsPerSecond), lag, written, runs, nodes, owners);
    }

    private RunState State(string run)
    {
        if (!_runs.TryGetValue(run, out var state))
        {
            _runs[run] = state = new RunState();
        }

        return state;
    }

    /// <summary>The last seen values of one run.</summary>
    private sealed class RunState
    {
        public int Partition { get; set; } = -1;

        public string Node { get; set; } = "?";

        public long? Watermark { get; set; }

        private LiveValue? Rate { get; set; }

        private LiveValue? Live { get; set; }

        private LiveValue? Tau { get; set; }

        private string? Population { get; set; }

        private LiveValue? Cathode { get; set; }

        private LiveValue? Sigma0 { get; set; }

        private LiveValue? Diffusion { get; set; }

        // Open alarms by rule, latest state first written wins (points arrive in event order per alarm).
        private readonly SortedDictionary<string, LiveAlarm> _alarms = new(StringComparer.Ordinal);

        public void TakeAlarm(MetricPoint p)
        {
            if (p.Tag("alarm") is not { } name)
            {
                return;
            }

            var state = p.Field("state")?.AsDouble() ?? 0;
            if (state <= 0)
            {
                _alarms.Remove(name);
            }
            else
            {
                _alarms[name] = new LiveAlarm(name, state >= 2, p.Tag("severity") ?? "warn");
            }
        }

        public void Take(MetricPoint p)
        {
            switch (p.Measurement)
            {
                case MetricNames.TriggerRate when p.Tag("trigger_type") == "all":
                    Rate = Value(p, "hz", "hz_err") ?? Rate;
                    Live = Value(p, "live_fraction", null) ?? Live;
                    break;
                case MetricNames.ElectronLifetime when p.Tag("population") is { } population && (population == "kr83m" || Population != "kr83m"):
                    if (Value(p, "tau_us", "tau_err_us") is { } tau)
                    {
                        Tau = new LiveValue(tau.Value / 1000, tau.Error / 1000);
                        Population = population;
                    }

                    break;
                case MetricNames.Drift:
                    Cathode = Value(p, "cathode_us", "cathode_err_us") ?? Cathode;
                    break;
                case MetricNames.S2Width:
                    Sigma0 = Value(p, "sigma0_us", null) ?? Sigma0;
                    Diffusion = Value(p, "d_l_cm2_s", null) ?? Diffusion;
                    break;
            }
        }

        public LiveRun ToLive(string run, bool stopped, IReadOnlyDictionary<string, long> starts)
        {
            double? minutes = Watermark is { } w && starts.TryGetValue(run, out var start) ? (w - start) / 60e9 : null;
            return new LiveRun(run, Partition, Node, minutes, stopped, Rate, Live, Tau, Population, Cathode, Sigma0, Diffusion, [.. _alarms.Values]);
        }

        private static LiveValue? Value(MetricPoint p, string field, string? error) =>
            p.Field(field) is { } f ? new LiveValue(f.AsDouble(), error is not null && p.Field(error) is { } e ? e.AsDouble() : null) : null;
    }
}

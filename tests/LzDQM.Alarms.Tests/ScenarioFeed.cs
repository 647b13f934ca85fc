using System.Collections.Concurrent;
using System.Text.Json;
using LzDQM.Alarms;
using LzDQM.Alarms.Evaluation;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kernel;
using LzDQM.Simulation;

namespace LzDQM.Alarms.Tests;

/// <summary>One thing the alarm singleton hears, in the order the live pipeline produces it.</summary>
public abstract record FeedItem;

/// <summary>A metric point.</summary>
public sealed record PointItem(MetricPoint Point) : FeedItem;

/// <summary>Run control START.</summary>
public sealed record StartItem(uint Run, RunMode Mode) : FeedItem;

/// <summary>Run control STOP (after the kernel wrote the run's last windows).</summary>
public sealed record StopItem(uint Run, long TimeNs) : FeedItem;

/// <summary>
/// A replay-data scenario run through the real kernel (as <c>lzdqm analyze</c> does), kept in the
/// kernel's output order with the run control interleaved; plus its truth. Cached per scenario.
/// </summary>
public sealed class ScenarioFeed
{
    private static readonly ConcurrentDictionary<string, Lazy<ScenarioFeed>> Cache = new();

    private ScenarioFeed(string name, List<FeedItem> items, JsonElement truth)
        : this(name, items, truth.GetProperty("run").GetUInt32(), truth.GetProperty("start_time_ns").GetInt64(), truth.GetProperty("duration_s").GetDouble())
    {
        var anomalies = truth.GetProperty("anomalies");
        if (anomalies.GetArrayLength() > 0)
        {
            var a = anomalies[0];
            OnsetS = a.GetProperty("onset_s").GetDouble();
            EndS = a.GetProperty("end_s").ValueKind == JsonValueKind.Null ? null : a.GetProperty("end_s").GetDouble();
        }
    }

    private ScenarioFeed(string name, List<FeedItem> items, uint run, long startNs, double durationS)
    {
        Name = name;
        Items = items;
        Run = run;
        StartNs = startNs;
        DurationS = durationS;
    }

    /// <summary>Scenario name.</summary>
    public string Name { get; }

    /// <summary>Points and run control, in order.</summary>
    public IReadOnlyList<FeedItem> Items { get; }

    /// <summary>The points only.</summary>
    public IEnumerable<MetricPoint> Points => Items.OfType<PointItem>().Select(p => p.Point);

    /// <summary>Run number.</summary>
    public uint Run { get; }

    /// <summary>t = 0 of the truth file.</summary>
    public long StartNs { get; }

    /// <summary>Stored duration.</summary>
    public double DurationS { get; }

    /// <summary>Anomaly onset (s), or null for a clean scenario.</summary>
    public double? OnsetS { get; private init; }

    /// <summary>Anomaly end (s), or null when it lasts to the end (or there is none).</summary>
    public double? EndS { get; private init; }

    /// <summary>Seconds since the run start of an event time.</summary>
    public double Seconds(long ns) => (ns - StartNs) / 1e9;

    /// <summary>The scenario, computed once per test run.</summary>
    public static ScenarioFeed Load(string name) => Cache.GetOrAdd(name, n => new Lazy<ScenarioFeed>(() => Compute(n))).Value;

    /// <summary>Feeds every item (or those in [from, to)) to an engine; returns the transitions in order.</summary>
    public List<AlarmTransition> FeedTo(AlarmEngine engine, int from = 0, int to = int.MaxValue) =>
        Feed(engine.Observe, engine.SetRunMode, engine.EndRun, from, to);

    /// <summary>Feeds every item to an evaluator; returns the transitions in order.</summary>
    public List<AlarmTransition> FeedTo(AlarmEvaluator evaluator) =>
        Feed(evaluator.Observe, evaluator.SetRunMode, evaluator.EndRun, 0, int.MaxValue);

    private List<AlarmTransition> Feed(
        Func<MetricPoint, IReadOnlyList<AlarmTransition>> observe,
        Action<uint, RunMode> setRunMode,
        Func<uint, long, IReadOnlyList<AlarmTransition>> endRun,
        int from,
        int to)
    {
        var all = new List<AlarmTransition>();
        for (var i = from; i < Math.Min(to, Items.Count); i++)
        {
            switch (Items[i])
            {
                case PointItem p:
                    all.AddRange(observe(p.Point));
                    break;
                case StartItem s:
                    setRunMode(s.Run, s.Mode);
                    break;
                case StopItem s:
                    all.AddRange(endRun(s.Run, s.TimeNs));
                    break;
            }
        }

        return all;
    }

    /// <summary>The repository's replay-data folder.</summary>
    public static string ReplayData()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "replay-data");
            if (File.Exists(Path.Combine(candidate, "science.lzr")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("replay-data/ with science.lzr not found above " + AppContext.BaseDirectory + " (run replay-data/regenerate.sh)");
    }

    /// <summary>A built-in scenario simulated in memory (whole length unless <paramref name="duration"/>), through the kernel.</summary>
    public static ScenarioFeed Simulate(string name, ulong seed, TimeSpan? duration = null) =>
        Cache.GetOrAdd($"sim:{name}:{seed}:{duration}", _ => new Lazy<ScenarioFeed>(() =>
        {
            var simulator = new DetectorSimulator(ScenarioCatalog.Get(name), seed, duration);
            var items = KernelFeed(simulator.Records());
            var truth = simulator.Truth;
            var anomaly = truth.Anomalies.Count > 0 ? truth.Anomalies[0] : null;
            return new ScenarioFeed(name, items, truth.Run, truth.StartTimeNs, truth.DurationS)
            {
                OnsetS = anomaly?.OnsetS,
                EndS = anomaly?.EndS,
            };
        })).Value;

    private static List<FeedItem> KernelFeed(IEnumerable<ReplayRecord> records)
    {
        var items = new List<FeedItem>();
        var output = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), output);
        foreach (var record in records)
        {
            RunControl? control = record.Topic != ReplayTopic.Runs ? null
                : record.Encoding == WireEncoding.Json ? RunControl.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(record.Value))
                : RunControl.Parser.ParseFrom(record.Value);
            if (control?.Transition == RunControl.Types.Transition.Start)
            {
                items.Add(new StartItem(control.Run, control.Mode));
            }

            kernel.OnRecord(record);
            items.AddRange(output.Select(p => new PointItem(p)));
            output.Clear();
            if (control?.Transition == RunControl.Types.Transition.Stop)
            {
                items.Add(new StopItem(control.Run, control.TimeNs));
            }
        }

        return items;
    }

    private static ScenarioFeed Compute(string name)
    {
        var dir = name.Contains('/', StringComparison.Ordinal) ? Path.GetDirectoryName(name)! : ReplayData();
        name = Path.GetFileName(name);
        List<FeedItem> items;
        using (var reader = ReplayFileReader.Open(Path.Combine(dir, name + ".lzr")))
        {
            items = KernelFeed(reader.ReadAll());
        }

        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, name + ".truth.json")));
        return new ScenarioFeed(name, items, truth.RootElement.Clone());
    }
}

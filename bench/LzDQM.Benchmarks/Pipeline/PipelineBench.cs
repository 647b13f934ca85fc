using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka;
using LzDQM.Kafka.Native;
using LzDQM.Kernel;
using LzDQM.Simulation;
using LzDQM.Sinks;
using LzDQM.Stages.Intake;
using LzDQM.Stages.Pipeline;

namespace LzDQM.Benchmarks.Pipeline;

/// <summary>
/// <c>dotnet run -c Release --project bench/LzDQM.Benchmarks -- pipeline [--runs 8] [--minutes 3] [--repeat 3]
/// [--latency-seconds 60] [--memory-minutes 60]</c>: end-to-end numbers of one node's pipeline on the embedded
/// broker: throughput against a bare Confluent.Kafka consume loop over the same data, latency at real-time
/// rate, and memory over a long replay. 0 skips a part.
/// </summary>
public static class PipelineBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var runs = Arg("--runs", 8);
        var minutes = Arg("--minutes", 3);
        var repeat = Arg("--repeat", 3);
        var latencySeconds = Arg("--latency-seconds", 60);
        var memoryMinutes = Arg("--memory-minutes", 60);
        LibrdkafkaLibrary.EnsureLoaded();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; .NET {Environment.Version}; server GC {System.Runtime.GCSettings.IsServerGC}");
        if (runs > 0)
        {
            await ThroughputAsync(runs, minutes, repeat);
        }

        if (latencySeconds > 0)
        {
            await LatencyAsync(latencySeconds);
        }

        if (memoryMinutes > 0)
        {
            await MemoryAsync(memoryMinutes);
        }

        return 0;
    }

    private static async Task ThroughputAsync(int runs, int minutes, int repeat)
    {
        var template = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), seed: 1, TimeSpan.FromMinutes(minutes)).Records().ToList();
        var all = Enumerable.Range(0, runs).Select(i => (IReadOnlyList<ReplayRecord>)BenchData.AsRun(template, (uint)(9000 + i)).ToList()).ToList();
        long events = 0, pulses = 0, bytes = 0;
        var messages = all.Sum(r => r.Count);
        var dataChunks = all.Sum(r => r.Count(x => x.Topic != ReplayTopic.Runs));
        EmbeddedKafkaBroker Filled()
        {
            // A fresh broker per pass: checkpoints of an earlier pass must not be restored by the next.
            var broker = new EmbeddedKafkaBroker(new EmbeddedKafkaBrokerOptions { PartitionsPerTopic = runs });
            (events, pulses, bytes) = BenchData.Produce(broker.BootstrapServers, all);
            return broker;
        }

        using (Filled())
        {
        }

        Console.WriteLine($"throughput data: {runs} runs x {minutes} min kr83m-calibration, one run per partition: {messages} messages, {events} events, {pulses} pulses, {bytes / 1048576.0:F1} MB");

        var kernelClock = Stopwatch.StartNew();
        foreach (var run in all)
        {
            var kernel = new DqmKernel(new KernelOptions(), new List<LzDQM.Contracts.Metrics.MetricPoint>());
            foreach (var r in run)
            {
                kernel.OnRecord(r);
            }
        }

        Console.WriteLine($"kernel alone (decode + fold, one thread, no Kafka): {events / kernelClock.Elapsed.TotalSeconds:N0} events/s");
        var bare = new List<TimeSpan>();
        var piped = new List<TimeSpan>();
        for (var i = 0; i < repeat; i++)
        {
            using (var broker = Filled())
            {
                bare.Add(BareLoop(broker.BootstrapServers, messages, $"bare-{i}"));
            }

            using (var broker = Filled())
            {
                piped.Add(await PipelineAsync(broker.BootstrapServers, dataChunks, events, $"pipe-{i}"));
            }

            Console.WriteLine($"  pass {i + 1}: bare loop {bare[^1].TotalSeconds:F3} s, pipeline {piped[^1].TotalSeconds:F3} s");
        }

        var b = bare.Order().ElementAt(bare.Count / 2);
        var p = piped.Order().ElementAt(piped.Count / 2);
        Console.WriteLine($"bare Confluent.Kafka consume loop (median of {repeat}): {events / b.TotalSeconds:N0} events/s, {pulses / b.TotalSeconds:N0} pulses/s, {messages / b.TotalSeconds:N0} msgs/s");
        Console.WriteLine($"pipeline to line-protocol file, assignment to last point written (median of {repeat}): {events / p.TotalSeconds:N0} events/s, {pulses / p.TotalSeconds:N0} pulses/s = {b.TotalSeconds / p.TotalSeconds:P0} of the bare loop (includes each stream's 2 s end-of-data idle wait)");
        var steady = SteadyEvents.Order().ElementAt(SteadyEvents.Count / 2);
        Console.WriteLine($"pipeline while data flows (10 % -> 90 % of chunks folded, median): {steady:N0} events/s, {steady * pulses / events:N0} pulses/s = {steady / (events / b.TotalSeconds):P0} of the bare loop");
    }

    /// <summary>Consumes every message as a group member (no decoding); timed from the partition assignment to the last message.</summary>
    private static TimeSpan BareLoop(string bootstrap, int messages, string group)
    {
        Stopwatch? assigned = null;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
        }).SetPartitionsAssignedHandler((_, _) => assigned ??= Stopwatch.StartNew()).Build();
        consumer.Subscribe([Topics.Triggers, Topics.Pulses, Topics.Runs]);
        var seen = 0;
        long sum = 0;
        Stopwatch? clock = null;
        while (seen < messages)
        {
            var r = consumer.Consume(TimeSpan.FromSeconds(1));
            if (r is null || r.IsPartitionEOF)
            {
                continue;
            }

            clock ??= Stopwatch.StartNew();
            sum += r.Message.Value.Length;
            seen++;
        }

        _ = clock;
        var elapsed = assigned!.Elapsed;
        consumer.Close();
        return elapsed;
    }

    /// <summary>One node pipeline (checkpoints every 5 s, line-protocol file sink); timed from the partition assignment until every chunk is folded and every point written.</summary>
    private static readonly List<double> SteadyEvents = [];

    private static async Task<TimeSpan> PipelineAsync(string bootstrap, int dataChunks, long events, string group)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lzdqm-bench-{group}-{Guid.NewGuid():N}.lp");
        try
        {
            await using var delivery = new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = file }), new DeliveryOptions());
            await using var node = new NodePipeline(new IntakeOptions { BootstrapServers = bootstrap, GroupId = group }, new KernelOptions(), delivery, checkpointInterval: TimeSpan.FromSeconds(5));
            node.Start();
            while (node.OwnedPartitions.Count == 0)
            {
                await Task.Delay(1);
            }

            var clock = Stopwatch.StartNew();
            var lastPrint = 0L;
            TimeSpan? at10 = null, at90 = null;
            long folded;
            while ((folded = node.Pipelines.Sum(p => p.Kernel.Chunks)) < dataChunks)
            {
                await Task.Delay(1);
                if (at10 is null && folded >= dataChunks / 10)
                {
                    at10 = clock.Elapsed;
                }

                if (at90 is null && folded >= dataChunks * 9 / 10)
                {
                    at90 = clock.Elapsed;
                }

                if (Environment.GetEnvironmentVariable("LZDQM_BENCH_TRACE") is not null && clock.ElapsedMilliseconds - lastPrint >= 250)
                {
                    lastPrint = clock.ElapsedMilliseconds;
                    Console.WriteLine($"      {clock.ElapsedMilliseconds} ms: intake {node.Counters.Messages} msgs, kernels {string.Join(",", node.Pipelines.Select(p => p.Kernel.Chunks))}");
                }
            }

            await delivery.FlushAsync();
            var elapsed = clock.Elapsed;
            SteadyEvents.Add(events * 0.8 / ((at90 ?? elapsed) - (at10 ?? TimeSpan.Zero)).TotalSeconds);
            Console.WriteLine($"    pipeline: {node.Counters.Messages} messages, {node.Counters.Pauses} pauses, {delivery.Snapshot().PointsWritten} points; 10 % -> 90 % of the chunks folded in {((at90 ?? elapsed) - (at10 ?? TimeSpan.Zero)).TotalSeconds:F2} s");
            await node.StopAsync();
            return elapsed;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task LatencyAsync(int seconds)
    {
        var records = new DetectorSimulator(ScenarioCatalog.Get("science"), seed: 2, TimeSpan.FromSeconds(seconds)).Records().ToList();
        using var broker = new EmbeddedKafkaBroker(new EmbeddedKafkaBrokerOptions { PartitionsPerTopic = 1 });
        var file = Path.Combine(Path.GetTempPath(), $"lzdqm-bench-latency-{Guid.NewGuid():N}.lp");
        (long T0, DateTime W0) published = default;
        var delivery = new TimedDelivery(new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = file }), new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(100) }));
        await using (var node = new NodePipeline(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "latency" }, new KernelOptions(), delivery, checkpointInterval: TimeSpan.FromSeconds(5)))
        {
            node.Start();
            await Task.Delay(TimeSpan.FromSeconds(4)); // group join
            published = (records[0].TimeNs, DateTime.UtcNow);
            new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = broker.BootstrapServers, ConsumerGroups = ["latency"], Speed = 1 }).Publish(records);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await node.StopAsync();
        }

        await delivery.DisposeAsync();
        File.Delete(file);

        // Event time t is published at wall time w0 + (t - t0) (speed 1), so a window ending at `end` could
        // close at the earliest at w0 + (end - t0); its delay is the write time minus that.
        var delays = delivery.Written
            .Where(w => w.Point.Measurement is "dqm_trigger_rate" or "dqm_pulse_rate")
            .Select(w => (w.WrittenUtc - published.W0).TotalSeconds - ((w.Point.TimestampNs - published.T0) / 1e9))
            .Order()
            .ToList();
        Console.WriteLine($"latency data: science (40 Hz), {seconds} s at real-time rate; {delays.Count} rate points (window 60 s, step 10 s)");
        if (delays.Count > 0)
        {
            Console.WriteLine($"delay from window end to point written: p50 {Percentile(delays, 0.50):F2} s, p99 {Percentile(delays, 0.99):F2} s, max {delays[^1]:F2} s");
        }
    }

    private static double Percentile(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];

    private static async Task MemoryAsync(int minutes)
    {
        var records = new DetectorSimulator(ScenarioCatalog.Get("kr83m-calibration"), seed: 3, TimeSpan.FromMinutes(minutes)).Records().ToList();
        using var broker = new EmbeddedKafkaBroker(new EmbeddedKafkaBrokerOptions { PartitionsPerTopic = 1 });
        var file = Path.Combine(Path.GetTempPath(), $"lzdqm-bench-memory-{Guid.NewGuid():N}.lp");
        var quarterPeaks = new (long Heap, long WorkingSet)[4];
        await using (var delivery = new PointDelivery(new LineProtocolFileSink(new LineProtocolFileOptions { Path = file }), new DeliveryOptions()))
        await using (var node = new NodePipeline(new IntakeOptions { BootstrapServers = broker.BootstrapServers, GroupId = "memory" }, new KernelOptions(), delivery, checkpointInterval: TimeSpan.FromSeconds(1)))
        {
            node.Start();
            var total = records.Count(r => r.Topic != ReplayTopic.Runs);
            var publishing = Task.Run(() => new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = broker.BootstrapServers, ConsumerGroups = ["memory"] }).Publish(records));
            var clock = Stopwatch.StartNew();
            using var self = Process.GetCurrentProcess();
            while (!publishing.IsCompleted || node.Pipelines.Sum(p => p.Kernel.Chunks) < total)
            {
                var done = node.Pipelines.Sum(p => p.Kernel.Chunks);
                var quarter = (int)Math.Min(3, done * 4 / Math.Max(1, total));
                self.Refresh();
                var heap = GC.GetTotalMemory(false);
                quarterPeaks[quarter] = (Math.Max(quarterPeaks[quarter].Heap, heap), Math.Max(quarterPeaks[quarter].WorkingSet, self.WorkingSet64));
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    break;
                }

                await Task.Delay(100);
            }

            await publishing;
            await node.StopAsync();
            Console.WriteLine($"memory data: kr83m-calibration {minutes} min ({total} chunks) replayed at max speed in {clock.Elapsed.TotalSeconds:F0} s (broker, publisher and node in this one process)");
        }

        File.Delete(file);
        for (var q = 0; q < 4; q++)
        {
            Console.WriteLine($"  replay quarter {q + 1}: peak GC heap {quarterPeaks[q].Heap / 1048576.0:F0} MB, peak working set {quarterPeaks[q].WorkingSet / 1048576.0:F0} MB");
        }
    }
}

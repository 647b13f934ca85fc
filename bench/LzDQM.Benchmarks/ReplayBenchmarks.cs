using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Confluent.Kafka;
using Google.Protobuf;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Kafka;

namespace LzDQM.Benchmarks;

/// <summary>
/// Replays a file of ~16 kB pulse chunks (one run, so one partition per topic: the worst case for
/// pacing) into the embedded broker at --speed max with pacing on, while a consumer group reads
/// all three topics and commits every 100 ms, as the pipeline will. One op = the whole file;
/// each iteration also prints chunks/s, events/s and MB/s from the replay summary.
/// Run: dotnet run -c Release --project bench/LzDQM.Benchmarks -- --filter '*ReplayBenchmarks*'
/// </summary>
[Config(typeof(OneShotConfig))]
public class ReplayBenchmarks
{
    private const int Chunks = 3000;
    private const int EventsPerChunk = 250;
    private const uint Run = 4242;

    private EmbeddedKafkaBroker _broker = null!;
    private string _file = null!;
    private CancellationTokenSource _stopConsumer = null!;
    private Thread _consumer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 3 });
        _file = Path.Combine(Path.GetTempPath(), $"lzdqm-bench-{Environment.ProcessId}.lzr");
        WriteFile(_file);
        _stopConsumer = new CancellationTokenSource();
        _consumer = new Thread(() => ConsumeUntilStopped(_broker.BootstrapServers, _stopConsumer.Token)) { IsBackground = true };
        _consumer.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopConsumer.Cancel();
        _consumer.Join();
        _broker.Dispose();
        File.Delete(_file);
    }

    [Benchmark(Description = "replay 3000 x 16 kB pulse chunks + trigger chunks, paced at 4 MB ahead")]
    public ReplaySummary ReplayPaced()
    {
        var publisher = new ReplayPublisher(new() { BootstrapServers = _broker.BootstrapServers, ConsumerGroups = ["lzdqm-bench"] });
        var s = publisher.PublishFileAsync(_file).GetAwaiter().GetResult();
        Console.WriteLine(
            $"// replay: {s.Records} records, {s.Chunks} chunks, {s.Events} events, {s.Bytes / 1048576.0:0.0} MB in {s.Elapsed.TotalSeconds:0.00} s: "
            + $"{s.ChunksPerSecond:0} chunks/s, {s.EventsPerSecond:0} events/s, {s.MegabytesPerSecond:0.0} MB/s, held {s.HeldByConsumers.TotalSeconds:0.00} s");
        return s;
    }

    private static void WriteFile(string path)
    {
        using var writer = ReplayFileWriter.Create(path);
        var rng = new Random(1);
        const long t0 = 1_700_000_000_000_000_000;
        writer.Write(ReplayRecord.ForRun(ReplayTopic.Runs, Run, t0, new RunControl { Run = Run, TimeNs = t0, Transition = RunControl.Types.Transition.Start, Mode = Contracts.V1.RunMode.Kr83M }.ToByteArray()));
        ulong ev = 0;
        for (var k = 0; k < Chunks; k++)
        {
            var triggers = new TriggerChunk { Run = Run, Chunk = (ulong)k };
            var pulses = new PulseChunk { Run = Run, Chunk = (ulong)k };
            for (var i = 0; i < EventsPerChunk; i++, ev++)
            {
                var t = t0 + (long)ev * 4_000_000;
                triggers.Event.Add(ev);
                triggers.TriggerTimeNs.Add(t);
                triggers.TriggerType.Add(TriggerType.S2);
                triggers.DeadtimeNs.Add((uint)rng.Next(1000, 5000));
                pulses.Event.Add(ev);
                pulses.TriggerTimeNs.Add(t);
                pulses.PulseCount.Add(3);
                for (var p = 0; p < 3; p++)
                {
                    pulses.PulseClass.Add((PulseClass)(p + 1));
                    pulses.AreaPhd.Add((float)(rng.NextDouble() * 6e4));
                    pulses.StartUs.Add((float)(rng.NextDouble() * 950));
                    pulses.RmsWidthUs.Add((float)(0.8 + rng.NextDouble()));
                    pulses.TopFraction.Add((float)rng.NextDouble());
                    pulses.Coincidence.Add((uint)rng.Next(2, 494));
                }
            }

            var time = triggers.TriggerTimeNs[0];
            writer.Write(ReplayRecord.ForRun(ReplayTopic.Triggers, Run, time, triggers.ToByteArray()));
            writer.Write(ReplayRecord.ForRun(ReplayTopic.Pulses, Run, time, pulses.ToByteArray()));
        }
    }

    private static void ConsumeUntilStopped(string bootstrap, CancellationToken stop)
    {
        var config = WireConsumerConfig.Create(bootstrap, "lzdqm-bench");
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe([Contracts.Wire.Topics.Runs, Contracts.Wire.Topics.Triggers, Contracts.Wire.Topics.Pulses]);
        while (!stop.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } r)
            {
                // Decode like the pipeline will, so the consumer costs what it will cost.
                _ = WireDecoder.Decode(r);
            }
        }

        consumer.Close();
    }

    private sealed class OneShotConfig : ManualConfig
    {
        public OneShotConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}

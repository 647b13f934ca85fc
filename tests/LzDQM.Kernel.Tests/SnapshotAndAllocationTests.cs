using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kernel.Columns;
using LzDQM.Kernel.Windows;

namespace LzDQM.Kernel.Tests;

public class SnapshotAndAllocationTests
{
    [Fact]
    public void Folding_chunks_allocates_nothing_in_steady_state()
    {
        var run = SimulatedRun.Of("kr83m-calibration", minutes: 3);
        var triggers = run.Records.Where(r => r.Topic == ReplayTopic.Triggers).Select(r => r.Value).ToList();
        var pulses = run.Records.Where(r => r.Topic == ReplayTopic.Pulses).Select(r => r.Value).ToList();
        var analysis = new RunAnalysis(run.Scenario.Run, new KernelOptions());
        analysis.Start(run.Truth.StartTimeNs, run.Scenario.RunMode);
        var t = new TriggerColumns();
        var p = new PulseColumns();

        void Pass()
        {
            foreach (var bytes in triggers)
            {
                TriggerColumnReader.Read(bytes, t);
                analysis.AddTriggers(t);
            }

            foreach (var bytes in pulses)
            {
                PulseColumnReader.Read(bytes, p);
                analysis.AddPulses(p);
            }
        }

        Pass(); // warm-up: buffers and panes grow once
        var before = GC.GetAllocatedBytesForCurrentThread();
        Pass();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_reader_thread_gets_consistent_snapshots_without_stopping_the_writer()
    {
        var run = SimulatedRun.Of("kr83m-calibration", minutes: 8);
        var points = new List<MetricPoint>();
        var kernel = new DqmKernel(new KernelOptions(), points);
        using var done = new CancellationTokenSource();
        var seen = new List<KernelSnapshot>();
        using var started = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                kernel.RequestSnapshot();
                started.Set();
                if (kernel.LatestSnapshot is { } s && (seen.Count == 0 || seen[^1].Version != s.Version))
                {
                    seen.Add(s);
                }

                Thread.Sleep(2);
            }
        });

        started.Wait(TimeSpan.FromSeconds(30));
        foreach (var r in run.Records.Take(run.Records.Count - 1))
        {
            kernel.OnRecord(r);
        }

        done.Cancel();
        reader.Wait();
        if (kernel.LatestSnapshot is { } final && (seen.Count == 0 || seen[^1].Version != final.Version))
        {
            seen.Add(final);
        }

        Assert.NotEmpty(seen);
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i].Version > seen[i - 1].Version);
            Assert.True(seen[i].ChunksSeen >= seen[i - 1].ChunksSeen);
        }

        // A snapshot holds the open windows' provisional points, each a valid point.
        var last = seen[^1];
        Assert.Contains(last.Points, p => p.Measurement == MetricNames.TriggerRate);
        Assert.All(last.Points, p => Assert.DoesNotContain("NaN", p.ToString(), StringComparison.Ordinal));

        // The writer's own result does not depend on having been observed.
        var quiet = run.Analyze();
        kernel.OnRecord(run.Records[^1]);
        Assert.Equal(LineProtocol.FormatSorted(quiet), LineProtocol.FormatSorted(points));
    }
}

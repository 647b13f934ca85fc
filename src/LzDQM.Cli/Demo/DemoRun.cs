using System.Diagnostics;
using System.Globalization;
using LzDQM.Kafka;
using LzDQM.Reports;
using LzDQM.Simulation;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Cli.Demo;

/// <summary>
/// The whole system on one machine: simulate a scenario, start the embedded broker and a two-node
/// cluster in this process (the second node seeded on the first, both composed as <c>lzdqm node</c>),
/// replay the scenario paced by the group's commits while the live view runs, wait until every
/// point is written, stop the nodes gracefully, merge their points into one line-protocol file and
/// write the HTML report with the truth overlaid. Ctrl-C stops early and still keeps what was written.
/// </summary>
internal static class DemoRun
{
    private static readonly TimeSpan ClusterFormTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    public static async Task<DemoResult> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scenario = Resolve(options.Scenario);
        var duration = options.Duration ?? scenario.DefaultDuration;
        var dir = Path.GetFullPath(options.OutDir);
        var nodesDir = Path.Combine(dir, "nodes");
        try
        {
            Directory.CreateDirectory(nodesDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorException($"cannot use '{dir}' for the demo's files: {ex.Message}", ExitCodes.Failure, ex);
        }

        var replayPath = Path.Combine(dir, scenario.Name + ".lzr");
        var pointsPath = Path.Combine(dir, "points.lp");
        var reportPath = Path.Combine(dir, "report.html");

        await output.WriteLineAsync($"demo: simulating '{scenario.Name}' ({duration.TotalMinutes:0.#} min of detector time, seed {options.Seed}) into {replayPath}").ConfigureAwait(false);
        var simulator = new DetectorSimulator(scenario, options.Seed, duration);
        await Task.Run(() => simulator.WriteReplay(replayPath), cancellationToken).ConfigureAwait(false);
        var truth = simulator.Truth;

        using var logs = new DemoLogFile(Path.Combine(dir, "demo.log"));
        var nodes = new List<DemoNode>();
        var nodeFiles = Enumerable.Range(1, DemoOptions.Nodes).Select(i => Path.Combine(nodesDir, $"node-{i}.lp")).ToList();
        foreach (var f in nodeFiles)
        {
            File.Delete(f); // a previous demo's points must not mix in
        }

        ReplaySummary? published = null;
        var interrupted = false;
        var group = "lzdqm-demo-" + Guid.NewGuid().ToString("N")[..8];
        await using (var broker = new EmbeddedKafkaBroker(new EmbeddedKafkaBrokerOptions { PartitionsPerTopic = DemoOptions.Partitions }))
        {
            var sampler = new LiveSampler(nodes, new Dictionary<string, long> { [truth.Run.ToString(CultureInfo.InvariantCulture)] = truth.StartTimeNs })
            {
                Title = $"LzDQM demo · {scenario.Name} · run {truth.Run} · {DemoOptions.Nodes} nodes · broker {broker.BootstrapServers}",
                ReplayMinutes = duration.TotalMinutes,
            };
            try
            {
                sampler.Phase = "starting the cluster";
                for (var i = 0; i < DemoOptions.Nodes; i++)
                {
                    nodes.Add(await DemoNode.StartAsync($"node-{i + 1}", broker.BootstrapServers, group, nodeFiles[i], nodes.Count == 0 ? null : nodes[0].Address, logs, cancellationToken).ConfigureAwait(false));
                }

                await using var display = LiveDisplay.Start(sampler, output);
                sampler.Phase = "waiting until every partition has an owner";
                await WaitForOwnersAsync(nodes, cancellationToken).ConfigureAwait(false);

                sampler.Phase = double.IsPositiveInfinity(options.Speed) ? "replaying at full speed" : $"replaying at {options.Speed:0.#}× real time";
                var publisher = new ReplayPublisher(new ReplayPublisherOptions
                {
                    BootstrapServers = broker.BootstrapServers,
                    ConsumerGroups = [group],
                    Speed = options.Speed,
                    Notice = n => logs.Write("replay", Microsoft.Extensions.Logging.LogLevel.Information, n),
                });
                published = await publisher.PublishFileAsync(replayPath, new Progress(sampler), cancellationToken).ConfigureAwait(false);

                sampler.Phase = "draining: waiting for the last windows to be written";
                if (!await ClusterDrain.WaitAsync(nodes, runs: 1, DrainTimeout, cancellationToken).ConfigureAwait(false))
                {
                    logs.Write("demo", Microsoft.Extensions.Logging.LogLevel.Warning, $"the cluster did not settle within {DrainTimeout.TotalSeconds:0} s; stopping anyway");
                }

                sampler.Phase = "stopping the nodes";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                sampler.Phase = "interrupted: stopping the nodes";
            }
            finally
            {
                // Graceful stops in parallel: each flushes its points, commits and leaves.
                await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
            }
        }

        var points = NodePointFiles.Merge(nodeFiles, pointsPath);
        string? report = null;
        if (points.Count > 0)
        {
            await output.WriteLineAsync("demo: writing the report").ConfigureAwait(false);
            new MetricReport(points, truth, new ReportOptions { Source = "points.lp (lzdqm demo, " + scenario.Name + ")", GeneratedAt = DateTimeOffset.UtcNow }).Write(reportPath);
            report = reportPath;
        }

        var byNode = nodeFiles.Select((f, i) => (Name: $"node-{i + 1}", Lines: NodePointFiles.Lines(f))).ToDictionary(x => x.Name, x => x.Lines);
        return new DemoResult(replayPath, ScenarioTruth.PathFor(replayPath), pointsPath, report, logs.Path, points.Count, byNode, published, clock.Elapsed, interrupted);
    }

    private static Scenario Resolve(string nameOrFile)
    {
        try
        {
            return ScenarioCatalog.Resolve(nameOrFile);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException)
        {
            throw new OperatorException(ex.Message, ExitCodes.BadArguments);
        }
    }

    /// <summary>
    /// Publishing before every node has joined the consumer group would start the run on one node
    /// and move it at the next rebalance (correct, but not the demo's point).
    /// </summary>
    private static async Task WaitForOwnersAsync(IReadOnlyList<DemoNode> nodes, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ClusterFormTimeout;
        while (nodes.Any(n => (n.Service.Pipeline?.OwnedPartitions.Count ?? 0) == 0)
            || nodes.SelectMany(n => n.Service.Pipeline?.OwnedPartitions ?? []).Distinct().Count() < DemoOptions.Partitions)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new OperatorException($"the demo cluster did not take its {DemoOptions.Partitions} partitions within {ClusterFormTimeout.TotalSeconds:0} s (see demo.log)");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands replay progress to the sampler (publishing thread → display thread, one volatile write).</summary>
    private sealed class Progress(LiveSampler sampler) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => sampler.Progress = value;
    }
}

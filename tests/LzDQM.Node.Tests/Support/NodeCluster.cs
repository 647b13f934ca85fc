using System.Globalization;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Kafka;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests.Support;

/// <summary>
/// An embedded broker in the test process and real <c>lzdqm node</c> child processes on it (the first
/// is the seed; the others join it), with short timeouts so failures show quickly. Kills every child on dispose.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private readonly List<NodeProcess> _nodes = [];
    private int _seedPort;

    public NodeCluster(int brokers = 1, int partitions = 2)
    {
        Broker = new EmbeddedKafkaBroker(new EmbeddedKafkaBrokerOptions { Brokers = brokers, PartitionsPerTopic = partitions });
        Directory = System.IO.Directory.CreateTempSubdirectory("lzdqm-node-tests-").FullName;
    }

    public EmbeddedKafkaBroker Broker { get; }

    public string Group { get; } = "lzdqm-test-" + Guid.NewGuid().ToString("N")[..8];

    public string Directory { get; }

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>Environment variables given to every node started after they are set.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Starts a node writing to <paramref name="destination"/> (flags), seeded on the first node.</summary>
    public NodeProcess StartNode(string name, params string[] destination)
    {
        var port = FreeTcpPort.Next();
        var args = new List<string>
        {
            "node", "--bootstrap", Broker.BootstrapServers, "--group", Group, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--checkpoint-interval", "1s", "--session-timeout", "6s", "--flush-interval", "100ms", "--node-metrics-interval", "2s",
            "--node-name", name,
        };
        if (_nodes.Count == 0)
        {
            _seedPort = port;
        }
        else
        {
            args.AddRange(["--seed-nodes", $"akka.tcp://lzdqm@127.0.0.1:{_seedPort}"]);
        }

        args.AddRange(destination);
        var node = NodeProcess.Start(name, Environment, args);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until every running node owns exactly one partition (a settled group of two).</summary>
    public Task WaitUntilEachOwnsOnePartitionAsync(int seconds = 45) =>
        WaitUntilAsync(() => _nodes.Where(n => !n.HasExited).All(n => n.OwnedPartitions.Length == 1), "each node owns one partition", seconds);

    /// <summary>Publishes the records (paced by the group's commits) on a background thread.</summary>
    public Task<ReplaySummary> PublishAsync(IEnumerable<ReplayRecord> records, double speed = double.PositiveInfinity) =>
        Task.Run(() => new ReplayPublisher(new ReplayPublisherOptions { BootstrapServers = Broker.BootstrapServers, ConsumerGroups = [Group], Speed = speed }).Publish(records));

    public string PathOf(string file) => Path.Combine(Directory, file);

    public async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30) =>
        await WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {seconds} s waiting until {what}; node logs:\n" + string.Join("\n----\n", _nodes.Select(n => n.Name + ":\n" + Tail(n.Stderr))));
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGTERMs every running node and returns their exit codes and how long each took.</summary>
    public async Task<List<(string Node, int ExitCode, TimeSpan Took)>> TerminateAllAsync()
    {
        var results = new List<(string, int, TimeSpan)>();
        foreach (var node in _nodes.Where(n => !n.HasExited))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            node.Terminate();
            var (code, _) = await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
            results.Add((node.Name, code, clock.Elapsed));
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await Broker.DisposeAsync();
        if (System.Environment.GetEnvironmentVariable("LZDQM_TEST_KEEP") == "1")
        {
            // Post-mortem of a failure under load: keep the points and every node's log.
            foreach (var node in _nodes)
            {
                await File.WriteAllTextAsync(PathOf(node.Name + ".log"), node.Stderr);
            }

            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying child: the temp dir is cleaned later.
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(25));
}

namespace LzDQM.Cli.Demo;

/// <summary>
/// Tells when the cluster has computed and written everything that was published: no consumer lag,
/// every point handed to a sink written, the run's STOP processed, and nothing moving for a second.
/// Not thread-safe: one caller.
/// </summary>
internal static class ClusterDrain
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private const int QuietPolls = 4;

    /// <summary>Waits until drained or <paramref name="limit"/> passes; true when drained.</summary>
    /// <param name="nodes">The nodes.</param>
    /// <param name="runs">Runs in the replay (each ends with a STOP).</param>
    /// <param name="limit">Longest wait.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    public static async Task<bool> WaitAsync(IReadOnlyList<DemoNode> nodes, int runs, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        var quiet = 0;
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            var signature = Signature(nodes);
            quiet = signature == last && Settled(nodes, runs) ? quiet + 1 : 0;
            last = signature;
            if (quiet >= QuietPolls)
            {
                return true;
            }
        }

        return false;
    }

    // Anything that moves while the cluster works: messages consumed, chunks folded, points written.
    private static long Signature(IReadOnlyList<DemoNode> nodes)
    {
        long s = 0;
        foreach (var n in nodes)
        {
            if (n.Service.Pipeline is { } p)
            {
                s += p.Counters.Messages + p.Pipelines.Sum(x => x.Kernel.Chunks + x.PointsEmitted);
            }

            if (n.Service.Delivery is { } d)
            {
                s += Node.NodeHealthSample.Combined(d).PointsWritten;
            }
        }

        return s;
    }

    private static bool Settled(IReadOnlyList<DemoNode> nodes, int runs)
    {
        var stopped = 0;
        foreach (var n in nodes)
        {
            if (n.Service.Pipeline is not { } p || n.Service.Delivery is not { } d)
            {
                continue;
            }

            var c = Node.NodeHealthSample.Combined(d);
            if (p.PartitionLag.Values.Any(l => l > 0) || c.PointsWritten < c.PointsEnqueued)
            {
                return false;
            }

            stopped += p.Pipelines.Sum(x => x.Kernel.StoppedRuns);
        }

        return stopped >= runs;
    }
}

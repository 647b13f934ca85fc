using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Cluster;

namespace LzDQM.Node.Tests.Alarms;

/// <summary>
/// A pub-sub subscriber in a node: every metric-point line and run transition with the moment it
/// arrived (wall clock, as the alert receiver stamps its requests), so a page's processing delay can be measured from the arrival of the
/// point that caused it.
/// </summary>
public sealed class PointLog
{
    public ConcurrentQueue<(DateTimeOffset At, string Node, string Line)> Lines { get; } = new();

    public ConcurrentQueue<RunModeSeen> Runs { get; } = new();

    public void Attach(ActorSystem system)
    {
        var actor = system.ActorOf(Props.Create(() => new Listener(this)));
        var mediator = DistributedPubSub.Get(system).Mediator;
        mediator.Tell(new Subscribe(ClusterTopics.MetricPoints, actor));
        mediator.Tell(new Subscribe(ClusterTopics.RunModes, actor));
    }

    /// <summary>Runs whose STOP some node announced.</summary>
    public HashSet<uint> StoppedRuns => [.. Runs.Where(r => r.StopNs is not null).Select(r => r.Run)];

    private sealed class Listener : ReceiveActor
    {
        public Listener(PointLog log)
        {
            Receive<MetricPointBatch>(b =>
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var line in b.Lines)
                {
                    log.Lines.Enqueue((now, b.Node, line));
                }
            });
            Receive<RunModeSeen>(log.Runs.Enqueue);
            Receive<SubscribeAck>(_ => { });
        }
    }
}

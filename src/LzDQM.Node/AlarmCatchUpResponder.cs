using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Cluster;

namespace LzDQM.Node;

/// <summary>
/// On every node: answers an alarm engine's <see cref="AlarmCatchUpRequest"/> with this node's
/// <see cref="RecentPublications"/>, sent straight to the engine (one sender, one receiver: in order).
/// </summary>
public sealed class AlarmCatchUpResponder : ReceiveActor
{
    // Akka's remoting frames are 128 kB by default; line protocol is ASCII.
    private const int MaxPartChars = 32_000;

    /// <summary>Creates the responder of node <paramref name="node"/>.</summary>
    public AlarmCatchUpResponder(RecentPublications recent, Func<string> node)
    {
        Receive<AlarmCatchUpRequest>(request =>
        {
            // Every run's mode first (before its points), the STOPs last (a STOP ends a run's evaluation).
            var (runs, batches) = recent.Take();
            Sender.Tell(new AlarmCatchUpPart([.. runs.Select(r => r with { StopNs = null })], []));
            var part = new List<MetricPointBatch>();
            var size = 0;
            foreach (var batch in batches)
            {
                part.Add(batch);
                size += batch.Lines.Sum(l => l.Length);
                if (size >= MaxPartChars)
                {
                    Sender.Tell(new AlarmCatchUpPart([], [.. part]));
                    part.Clear();
                    size = 0;
                }
            }

            Sender.Tell(new AlarmCatchUpPart([.. runs.Where(r => r.StopNs is not null)], [.. part]));
            Sender.Tell(new AlarmCatchUpDone(node(), request.Attempt, runs.Length, batches.Length));
        });
        Receive<SubscribeAck>(_ => { });
    }

    /// <summary>Props for the responder; <paramref name="node"/> gives the node's name once known.</summary>
    public static Props Props(RecentPublications recent, Func<string> node) =>
        Akka.Actor.Props.Create(() => new AlarmCatchUpResponder(recent, node));

    /// <inheritdoc/>
    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ClusterTopics.AlarmEngineCatchUp, Self));
}

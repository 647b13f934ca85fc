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
    /// <summary>Creates the responder of node <paramref name="node"/>.</summary>
    public AlarmCatchUpResponder(RecentPublications recent, Func<string> node)
    {
        Receive<AlarmCatchUpRequest>(request =>
        {
            // Every run's mode first (before its points), the STOPs last (a STOP ends a run's evaluation).
            var (runs, batches) = recent.Take();
            foreach (var run in runs)
            {
                Sender.Tell(run with { StopNs = null });
            }

            foreach (var batch in batches)
            {
                Sender.Tell(batch);
            }

            foreach (var run in runs.Where(r => r.StopNs is not null))
            {
                Sender.Tell(run);
            }

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

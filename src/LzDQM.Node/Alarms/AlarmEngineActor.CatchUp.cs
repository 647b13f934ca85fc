using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Cluster;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Alarms;

/// <summary>The engine's catch-up after it starts: what the nodes published lately, judged before the live stream.</summary>
public sealed partial class AlarmEngineActor
{
    private void AskCatchUp()
    {
        _catchUpExpected = Akka.Cluster.Cluster.Get(Context.System).State.Members
            .Count(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(NodeRoles.Dqm));
        _mediator.Tell(new Publish(ClusterTopics.AlarmEngineCatchUp, new AlarmCatchUpRequest(1)));
        Timers.StartSingleTimer("catch-up", CatchUpOver.Instance, CatchUpWait);
    }

    private void CaughtUp(AlarmCatchUpDone done)
    {
        _log.LogInformation("Alarm engine caught up with node {Node} ({Runs} runs, {Batches} batches)", done.Node, done.Runs, done.Batches);
        if (++_catchUpDone >= _catchUpExpected)
        {
            EndCatchUp();
        }
    }

    private void EndCatchUp()
    {
        Timers.Cancel("catch-up");
        Become(() => Running(catchingUp: false));
        Stash.UnstashAll();
    }

    private void CatchUpPart(AlarmCatchUpPart part)
    {
        foreach (var run in part.Runs)
        {
            RunSeen(run);
        }

        foreach (var batch in part.Batches)
        {
            Observe(batch);
        }
    }
}

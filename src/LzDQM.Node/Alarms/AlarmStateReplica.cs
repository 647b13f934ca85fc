using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;

namespace LzDQM.Node.Alarms;

/// <summary>
/// Where the alarm engine keeps its state across singleton hand-overs: one
/// <see cref="LWWRegister{T}"/> of the serialised state in Akka.DistributedData, replicated to every
/// node. Writes ask a majority (in a cluster of one or two that is every reachable node; a write
/// that times out is still applied locally and gossiped later), reads ask a majority too, so a new
/// singleton sees the last state its predecessor wrote with a majority. Used from the engine actor only.
/// </summary>
public sealed class AlarmStateReplica
{
    /// <summary>The replicated key of the alarm engine's state.</summary>
    public static readonly LWWRegisterKey<byte[]> Key = new("lzdqm-alarm-engine-state");

    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;

    /// <summary>Binds to the actor system's replicator.</summary>
    public AlarmStateReplica(ActorSystem system, TimeSpan timeout)
    {
        _replicator = DistributedData.Get(system).Replicator;
        _self = Akka.Cluster.Cluster.Get(system).SelfUniqueAddress;
        Timeout = timeout;
    }

    /// <summary>How long a majority read or write may take before it falls back to the local replica.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Asks for the state; the replicator answers <paramref name="replyTo"/> with <see cref="GetSuccess"/>,
    /// <see cref="NotFound"/> or <see cref="GetFailure"/> carrying <paramref name="request"/>.
    /// </summary>
    public void Read(IActorRef replyTo, object request, bool majority = true) =>
        _replicator.Tell(Dsl.Get(Key, majority ? new ReadMajority(Timeout) : ReadLocal.Instance, request), replyTo);

    /// <summary>The state bytes of a successful read.</summary>
    public static byte[] Bytes(GetSuccess success) => success.Get(Key).Value;

    /// <summary>
    /// Writes <paramref name="state"/>; the replicator answers <paramref name="replyTo"/> with
    /// <see cref="UpdateSuccess"/> or <see cref="UpdateTimeout"/> (written locally, majority not
    /// confirmed in time) carrying <paramref name="request"/>.
    /// </summary>
    public void Write(byte[] state, IActorRef replyTo, object request) =>
        _replicator.Tell(
            Dsl.Update(Key, new LWWRegister<byte[]>(_self, state), new WriteMajority(Timeout), request, register => register.WithValue(_self, state)),
            replyTo);
}

using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Cluster;

namespace LzDQM.Node;

/// <summary>
/// Keeps the cluster-wide partition ownership: subscribes to <see cref="ClusterTopics.PartitionOwnership"/>,
/// keeps the latest announcement per node and forgets a node that has not announced for
/// <c>expiry</c> (it died or left). Answers <see cref="GetPartitionOwners"/> with <see cref="PartitionOwners"/>
/// and mirrors every change into a <see cref="PartitionOwnershipTable"/>.
/// </summary>
public sealed class PartitionOwnershipView : ReceiveActor, IWithTimers
{
    private readonly PartitionOwnershipTable _table;
    private readonly TimeSpan _expiry;
    private PartitionOwners _owners = PartitionOwners.Empty;

    /// <summary>Creates the view; <paramref name="expiry"/> should be a few announcement intervals.</summary>
    public PartitionOwnershipView(PartitionOwnershipTable table, TimeSpan expiry)
    {
        _table = table;
        _expiry = expiry;
        Receive<PartitionOwnership>(Update);
        Receive<GetPartitionOwners>(_ => Sender.Tell(_owners));
        Receive<Expire>(_ => ExpireOld());
        Receive<SubscribeAck>(_ => { });
    }

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the view.</summary>
    public static Props Props(PartitionOwnershipTable table, TimeSpan expiry) =>
        Akka.Actor.Props.Create(() => new PartitionOwnershipView(table, expiry));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ClusterTopics.PartitionOwnership, Self));
        Timers.StartPeriodicTimer("expire", Expire.Instance, TimeSpan.FromSeconds(1));
    }

    private void Update(PartitionOwnership announcement)
    {
        if (_owners.ByNode.TryGetValue(announcement.Node, out var known) && known.SentAtUnixMs > announcement.SentAtUnixMs)
        {
            return; // an older announcement overtaken by a newer one
        }

        var byNode = _owners.ByNode.SetItem(announcement.Node, announcement);

        // A partition has one owner: a newer claim by another node supersedes older ones.
        foreach (var (node, other) in _owners.ByNode)
        {
            if (node != announcement.Node && other.SentAtUnixMs <= announcement.SentAtUnixMs && other.Partitions.Any(announcement.Partitions.Contains))
            {
                var keep = other.Partitions.Select((p, i) => (p, i)).Where(x => !announcement.Partitions.Contains(x.p)).ToArray();
                byNode = byNode.SetItem(node, other with { Partitions = [.. keep.Select(x => x.p)], Lag = [.. keep.Select(x => x.i < other.Lag.Length ? other.Lag[x.i] : 0)] });
            }
        }

        Set(new PartitionOwners(byNode));
    }

    private void ExpireOld()
    {
        var cutoff = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)_expiry.TotalMilliseconds;
        var stale = _owners.ByNode.Where(kv => kv.Value.SentAtUnixMs < cutoff).Select(kv => kv.Key).ToList();
        if (stale.Count > 0)
        {
            Set(new PartitionOwners(_owners.ByNode.RemoveRange(stale)));
        }
    }

    private void Set(PartitionOwners owners)
    {
        _owners = owners;
        _table.Publish(owners);
    }

    private sealed class Expire
    {
        public static readonly Expire Instance = new();
    }
}

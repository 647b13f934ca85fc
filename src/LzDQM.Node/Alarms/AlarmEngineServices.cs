using LzDQM.Alarms.Rules;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Alarms;

/// <summary>What the alarm engine needs from its node: rules, state settings, the delivery, the pager, the node's name, logging.</summary>
/// <param name="Alarms">Rules and notifier settings.</param>
/// <param name="Engine">State replication settings.</param>
/// <param name="Delivery">The node's delivery (<c>dqm_alarm</c> points go where the pipeline's points go).</param>
/// <param name="Pager">Sends pages and resolves to the configured receivers.</param>
/// <param name="Ownership">The cluster's partition owners and their lag (the live clock's backlog guard).</param>
/// <param name="NodeName">This node's name (known once the actor system runs).</param>
/// <param name="Loggers">Logging.</param>
public sealed record AlarmEngineServices(AlarmOptions Alarms, AlarmEngineOptions Engine, NodePointDelivery Delivery, AlarmPager Pager, PartitionOwnershipTable Ownership, Func<string> NodeName, ILoggerFactory Loggers);

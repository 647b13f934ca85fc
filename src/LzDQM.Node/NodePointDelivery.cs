using LzDQM.Sinks;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node;

/// <summary>
/// The node's one delivery in front of its destinations, shared by the pipeline and the alarm
/// engine (a line-protocol file has one writer). Created on first use; disposed only after the
/// actor system has left the cluster (the engine may still write <c>dqm_alarm</c> after the pipeline
/// stopped) or with the host. Thread-safe.
/// </summary>
public sealed class NodePointDelivery : IAsyncDisposable
{
    private readonly Lazy<FanOutDelivery> _delivery;

    /// <summary>Creates the holder; nothing opens before <see cref="Delivery"/> is first read.</summary>
    public NodePointDelivery(DqmNodeSettings settings, ILoggerFactory loggers) =>
        _delivery = new Lazy<FanOutDelivery>(() => settings.Destinations.CreateDelivery(loggers), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The delivery (opened on first read).</summary>
    public IPointDelivery Delivery => _delivery.Value;

    /// <summary>Whether the delivery was opened.</summary>
    public bool IsCreated => _delivery.IsValueCreated;

    /// <summary>Writes out what is held and closes the destinations.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_delivery.IsValueCreated)
        {
            await _delivery.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}

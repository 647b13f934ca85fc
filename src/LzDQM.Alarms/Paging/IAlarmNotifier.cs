namespace LzDQM.Alarms.Paging;

/// <summary>
/// A receiver of pages: <see cref="AlertmanagerNotifier"/> or <see cref="WebhookNotifier"/>.
/// Threading contract: implementations are safe to call from several threads at once.
/// </summary>
public interface IAlarmNotifier
{
    /// <summary>The route name rules use: <c>alertmanager</c> or <c>webhook</c>.</summary>
    string Name { get; }

    /// <summary>Wall-clock interval at which firing alerts are re-sent, or null when this receiver needs no refresh.</summary>
    TimeSpan? RefreshInterval { get; }

    /// <summary>Sends one notification; never throws for receiver or network trouble (the outcome says), only on cancellation.</summary>
    Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken ct);

    /// <summary>Re-sends a firing alert (same labels and start, a new expiry).</summary>
    Task<DeliveryOutcome> RefreshAsync(FiringNotice notice, CancellationToken ct);
}

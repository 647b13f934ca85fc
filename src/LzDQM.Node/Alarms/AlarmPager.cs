using LzDQM.Alarms.Paging;
using LzDQM.Alarms.Rules;

namespace LzDQM.Node.Alarms;

/// <summary>
/// The configured notifiers (Alertmanager v2, JSON webhook) and each rule's route to them; the
/// engine drives retries through the outbox with <see cref="Backoff"/>. Thread-safe (the notifiers are).
/// </summary>
public sealed class AlarmPager : IDisposable
{
    private readonly Dictionary<string, IAlarmNotifier> _byName;
    private readonly Dictionary<string, string[]> _routes;
    private readonly PagingRetryOptions _retry;
    private readonly List<IDisposable> _owned = [];

    /// <summary>Creates the notifiers <paramref name="options"/> configures (none without URLs), on an HTTP client of its own.</summary>
    public AlarmPager(AlarmOptions options)
        : this(options, new HttpClient(), ownsHttp: true)
    {
    }

    private AlarmPager(AlarmOptions options, HttpClient http, bool ownsHttp)
        : this(options, CreateNotifiers(options, http))
    {
        if (ownsHttp)
        {
            _owned.Add(http);
        }
    }

    /// <summary>Uses the given notifiers (their names are the routes).</summary>
    public AlarmPager(AlarmOptions options, IEnumerable<IAlarmNotifier> notifiers)
    {
        _retry = options.Retry;
        _byName = notifiers.ToDictionary(n => n.Name, StringComparer.OrdinalIgnoreCase);
        _owned.AddRange(_byName.Values.OfType<IDisposable>());
        _routes = options.Rules.ToDictionary(
            r => r.Name,
            r => r.Route.Count == 0 ? [.. _byName.Keys] : r.Route.Where(_byName.ContainsKey).Select(n => _byName[n].Name).Distinct().ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>The notifiers, by route name.</summary>
    public IReadOnlyDictionary<string, IAlarmNotifier> Notifiers => _byName;

    /// <summary>
    /// The configured notifiers a rule's transitions go to (none when none is configured); every one
    /// for a rule no longer configured (its firing alarm's resolve must still reach whoever was paged).
    /// </summary>
    public IReadOnlyList<string> NotifiersFor(string rule) => _routes.TryGetValue(rule, out var r) ? r : [.. _byName.Values.Select(n => n.Name)];

    /// <summary>Sends one outbox entry through its notifier.</summary>
    public Task<DeliveryOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        _byName.TryGetValue(entry.Notifier, out var n)
            ? n.SendAsync(entry, cancellationToken)
            : Task.FromResult(new DeliveryOutcome(DeliveryStatus.Rejected, $"notifier '{entry.Notifier}' is not configured on this node"));

    /// <summary>The wait before the next attempt after <paramref name="failures"/> failures (jittered).</summary>
    public TimeSpan Backoff(int failures) => _retry.Backoff(failures, Random.Shared.NextDouble());

    /// <summary>Releases the notifiers' HTTP clients.</summary>
    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }

    private static List<IAlarmNotifier> CreateNotifiers(AlarmOptions options, HttpClient http)
    {
        var notifiers = new List<IAlarmNotifier>();
        if (!string.IsNullOrWhiteSpace(options.Alertmanager.Url))
        {
            notifiers.Add(new AlertmanagerNotifier(options, http));
        }

        if (!string.IsNullOrWhiteSpace(options.Webhook.Url))
        {
            notifiers.Add(new WebhookNotifier(options, http));
        }

        return notifiers;
    }
}

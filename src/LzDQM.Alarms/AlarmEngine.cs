using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Paging;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LzDQM.Alarms;

/// <summary>
/// The alarm engine a cluster singleton hosts: the <see cref="AlarmEvaluator"/> (event time), the
/// outbox of pages, and the notifiers configured in <see cref="AlarmOptions"/>. Feed it points
/// (<see cref="Observe"/>), run control (<see cref="SetRunMode"/>, <see cref="EndRun"/>); write the
/// returned transitions' <see cref="AlarmTransition.ToPoint"/> as <c>dqm_alarm</c>; run
/// <see cref="RunDeliveryAsync"/> (or call <see cref="DeliverDueAsync"/>) to page; save
/// <see cref="ToBytes"/> whenever <see cref="Version"/> changed, and start the next singleton with
/// those bytes: it neither re-pages an open alarm nor forgets a resolve, and resends only what was
/// not acknowledged.
/// <para>Threading contract: every member is thread-safe (one lock; HTTP requests run outside it).
/// Evaluation stays deterministic as long as one caller feeds points in order.</para>
/// </summary>
public sealed class AlarmEngine : IDisposable
{
    private readonly Lock _gate = new();
    private readonly AlarmEvaluator _evaluator;
    private readonly IAlarmNotifier[] _notifiers;
    private readonly Dictionary<string, string[]> _routes;
    private readonly AlarmOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0);
    private long _version;

    /// <summary>
    /// Creates the engine. Notifiers are made for each configured URL (<paramref name="http"/> is
    /// required then). <paramref name="state"/>: bytes from a previous engine's <see cref="ToBytes"/>.
    /// </summary>
    /// <exception cref="AlarmConfigException">Invalid options.</exception>
    /// <exception cref="InvalidDataException">Unreadable state.</exception>
    public AlarmEngine(AlarmOptions options, HttpClient? http = null, ILogger? logger = null, TimeProvider? time = null, ReadOnlyMemory<byte> state = default)
    {
        options.Validate();
        _options = options;
        _log = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        var notifiers = new List<IAlarmNotifier>();
        if (!string.IsNullOrWhiteSpace(options.Alertmanager.Url))
        {
            notifiers.Add(new AlertmanagerNotifier(options, http ?? throw new ArgumentNullException(nameof(http), "Alertmanager is configured: an HttpClient is needed"), _time));
        }

        if (!string.IsNullOrWhiteSpace(options.Webhook.Url))
        {
            notifiers.Add(new WebhookNotifier(options, http ?? throw new ArgumentNullException(nameof(http), "a webhook is configured: an HttpClient is needed")));
        }

        _notifiers = [.. notifiers];
        _routes = options.Rules.ToDictionary(
            r => r.Name,
            r => r.Route.Count == 0 ? [.. _notifiers.Select(n => n.Name)] : _notifiers.Select(n => n.Name).Where(n => r.Route.Contains(n, StringComparer.OrdinalIgnoreCase)).ToArray(),
            StringComparer.Ordinal);
        var book = state.IsEmpty ? null : AlarmBook.FromBytes(state.Span);
        _evaluator = new AlarmEvaluator(options.Rules, book);
    }

    /// <summary>Increases on every change of the state (evaluation, delivery): save <see cref="ToBytes"/> when it moved.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The notifiers in use (<c>alertmanager</c>, <c>webhook</c>).</summary>
    public IReadOnlyList<string> Notifiers => [.. _notifiers.Select(n => n.Name)];

    /// <summary>Open (pending or firing) alarms.</summary>
    public IReadOnlyList<AlarmStatus> OpenAlarms
    {
        get
        {
            lock (_gate)
            {
                return _evaluator.Book.OpenAlarms;
            }
        }
    }

    /// <summary>Notifications waiting for acknowledgement.</summary>
    public int WaitingNotifications
    {
        get
        {
            lock (_gate)
            {
                return _evaluator.Book.Outbox.Entries.Count;
            }
        }
    }

    /// <summary>Notifications acknowledged so far (this state's lifetime, across handovers).</summary>
    public long DeliveredNotifications
    {
        get
        {
            lock (_gate)
            {
                return _evaluator.Book.Outbox.Delivered;
            }
        }
    }

    /// <summary>Notifications refused for good by a receiver (4xx), logged and dropped.</summary>
    public long RejectedNotifications
    {
        get
        {
            lock (_gate)
            {
                return _evaluator.Book.Outbox.PermanentFailures;
            }
        }
    }

    /// <summary>Evaluates one point; queues the pages; returns its transitions (write their points to <c>dqm_alarm</c>).</summary>
    public IReadOnlyList<AlarmTransition> Observe(MetricPoint point)
    {
        lock (_gate)
        {
            return Queue(_evaluator.Observe(point), changed: true);
        }
    }

    /// <summary>Records a run's mode (run control START).</summary>
    public void SetRunMode(uint run, RunMode mode)
    {
        lock (_gate)
        {
            _evaluator.SetRunMode(run, mode);
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>A run stopped: resolves its open alarms (see <see cref="AlarmEvaluator.EndRun"/>).</summary>
    public IReadOnlyList<AlarmTransition> EndRun(uint run, long stopTimeNs)
    {
        lock (_gate)
        {
            return Queue(_evaluator.EndRun(run, stopTimeNs), changed: true);
        }
    }

    /// <summary>Live only: advances the runs' clocks for the NoData rules (see <see cref="AlarmEvaluator.AdvanceRunClocks"/>).</summary>
    public IReadOnlyList<AlarmTransition> AdvanceRunClocks(long nowNs)
    {
        lock (_gate)
        {
            return Queue(_evaluator.AdvanceRunClocks(nowNs), changed: true);
        }
    }

    /// <summary>The whole state (evaluator + outbox) as versioned bytes.</summary>
    public byte[] ToBytes()
    {
        lock (_gate)
        {
            return _evaluator.Book.ToBytes();
        }
    }

    /// <summary>
    /// Sends every notification that is due (the oldest per alarm and notifier, once its retry time
    /// came) and the Alertmanager refreshes that are due; applies the answers. Returns how many were
    /// acknowledged. Receivers are contacted in parallel, each alarm's notifications in order.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        List<OutboxEntry> due;
        List<(IAlarmNotifier Notifier, FiringNotice Notice)> refresh = [];
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            due = [.. _evaluator.Book.Outbox.Due(now)];
            foreach (var n in _notifiers)
            {
                if (n.RefreshInterval is { } every)
                {
                    refresh.AddRange(_evaluator.Book.Outbox.RefreshDue(n.Name, now, (long)every.TotalMilliseconds).Select(f => (n, f)));
                }
            }
        }

        var sends = due.Select(async e =>
        {
            var notifier = _notifiers.FirstOrDefault(n => n.Name == e.Notifier);
            var outcome = notifier is null
                ? new DeliveryOutcome(DeliveryStatus.Rejected, $"notifier '{e.Notifier}' is no longer configured")
                : await notifier.SendAsync(e, ct).ConfigureAwait(false);
            return Apply(e, outcome);
        });
        var refreshes = refresh.Select(async r =>
        {
            var outcome = await r.Notifier.RefreshAsync(r.Notice, ct).ConfigureAwait(false);
            if (outcome.Status == DeliveryStatus.Delivered)
            {
                lock (_gate)
                {
                    _evaluator.Book.Outbox.Refreshed(r.Notice, _time.GetUtcNow().ToUnixTimeMilliseconds());
                    Interlocked.Increment(ref _version);
                }
            }
            else
            {
                _log.LogWarning("alarm refresh of {Alarm} failed: {Error}", r.Notice.Transition.AlarmId, outcome.Error);
            }

            return 0;
        });
        var results = await Task.WhenAll(sends.Concat(refreshes)).ConfigureAwait(false);
        return results.Sum();
    }

    /// <summary>
    /// Delivers until <paramref name="ct"/> is cancelled: right after new pages are queued, at each
    /// retry time, and at least every <paramref name="idle"/> (default 1 s) for refreshes.
    /// </summary>
    public async Task RunDeliveryAsync(CancellationToken ct, TimeSpan? idle = null)
    {
        var poll = idle ?? TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(ct).ConfigureAwait(false);
                long? next;
                lock (_gate)
                {
                    next = _evaluator.Book.Outbox.NextAttemptUnixMs;
                }

                var wait = poll;
                if (next is { } n)
                {
                    var untilNext = TimeSpan.FromMilliseconds(Math.Max(0, n - _time.GetUtcNow().ToUnixTimeMilliseconds()));
                    wait = untilNext < wait ? untilNext : wait;
                }

                await _wake.WaitAsync(wait, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Releases the delivery loop's wake-up signal (cancel and await <see cref="RunDeliveryAsync"/> first).</summary>
    public void Dispose() => _wake.Dispose();

    private IReadOnlyList<AlarmTransition> Queue(IReadOnlyList<AlarmTransition> transitions, bool changed)
    {
        var paged = false;
        foreach (var t in transitions)
        {
            if (t.Pages && _routes.TryGetValue(t.Rule, out var route) && route.Length > 0)
            {
                _evaluator.Book.Outbox.Enqueue(t, route);
                paged = true;
            }

            _log.Log(t.Pages ? LogLevel.Warning : LogLevel.Information, "alarm {Alarm} {Kind} (problem {Problem}: {Notice}): {Message}", t.AlarmId, t.Kind, t.ProblemId, t.Notice, t.Message);
        }

        if (changed)
        {
            Interlocked.Increment(ref _version);
        }

        if (paged && _wake.CurrentCount == 0)
        {
            _wake.Release(); // one wake-up is enough: the loop sends everything due
        }

        return transitions;
    }

    private int Apply(OutboxEntry e, DeliveryOutcome outcome)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var outbox = _evaluator.Book.Outbox;
            switch (outcome.Status)
            {
                case DeliveryStatus.Delivered:
                    outbox.Acknowledge(e.Id, now);
                    _log.LogInformation("alarm {Alarm} {Kind} delivered to {Notifier} after {Failures} failed attempts", e.Transition.AlarmId, e.Transition.Kind, e.Notifier, e.Failures);
                    break;
                case DeliveryStatus.Rejected:
                    outbox.Reject(e.Id, outcome.Error ?? "rejected");
                    _log.LogError("alarm {Alarm} {Kind} refused for good by {Notifier}, dropped (fix the configuration): {Error}", e.Transition.AlarmId, e.Transition.Kind, e.Notifier, outcome.Error);
                    break;
                default:
                    var backoff = _options.Retry.Backoff(e.Failures + 1, Random.Shared.NextDouble());
                    outbox.Failed(e.Id, now, backoff, outcome.Error ?? "failed");
                    _log.LogWarning("alarm {Alarm} {Kind} to {Notifier} failed (attempt {Attempt}), retry in {Delay} ms: {Error}", e.Transition.AlarmId, e.Transition.Kind, e.Notifier, e.Failures, (long)backoff.TotalMilliseconds, outcome.Error);
                    break;
            }

            Interlocked.Increment(ref _version);
        }

        return outcome.Status == DeliveryStatus.Delivered ? 1 : 0;
    }
}

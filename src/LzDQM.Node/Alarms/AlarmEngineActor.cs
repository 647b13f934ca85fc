using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Paging;
using LzDQM.Cluster;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Alarms;

/// <summary>
/// The alarm engine (SPEC §4), one per cluster as a singleton. It reads the replicated state
/// (<see cref="AlarmStateReplica"/>, majority) before anything else, then evaluates every metric
/// point of <see cref="ClusterTopics.MetricPoints"/> in event time (<see cref="AlarmEvaluator"/>) once
/// its run's mode is known from <see cref="ClusterTopics.RunModes"/>, writes each <c>dqm_alarm</c>
/// point through the node's delivery and publishes it on the topic, and pages through the
/// <see cref="AlarmPager"/>. A notification leaves only after the state holding it is written with a
/// majority, and its acknowledgement is written again, so a successor neither pages twice nor
/// forgets to resolve. On start it asks every node for what it published lately
/// (<see cref="AlarmCatchUpRequest"/>) and judges that before the live stream, to cover the hand-over
/// gap; the evaluator ignores points it has already judged (per-series event time). See README.md.
/// Threading: an actor; HTTP calls run as tasks whose outcomes come back as messages.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in PostStop, the actor's end of life.")]
public sealed partial class AlarmEngineActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private const int MaxAwaitingPerRun = 20_000;
    private const int ModesKept = 1000;
    private static readonly TimeSpan ModeWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan EndRunDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CatchUpSettle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(5);

    private readonly AlarmEngineServices _services;
    private readonly ILogger _log;
    private readonly AlarmStateReplica _replica;
    private readonly IActorRef _mediator;
    private readonly Dictionary<uint, (long SinceTicks, List<MetricPoint> Points)> _awaitingMode = [];
    private readonly Dictionary<uint, (long StopNs, long DueTicks)> _stopsDue = [];
    private readonly HashSet<long> _inFlight = [];
    private readonly HashSet<string> _refreshing = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _watched;
    private readonly Dictionary<uint, long> _newest = [];
    private readonly SortedSet<uint> _ended = [];
    private readonly SortedDictionary<long, string[]> _unwritten = [];
    private AlarmEvaluator _evaluator = null!;
    private Dictionary<uint, RunMode> _modes = [];
    private Task _writes = Task.CompletedTask;
    private long _writeSequence;
    private int _catchUpExpected;
    private int _catchUpDone;
    private long _sendableUpTo;
    private bool _dirty;
    private bool _finalWriteSent;
    private bool _restored;
    private long _observed;
    private long _transitions;

    /// <summary>Creates the engine; the singleton manager does, through <see cref="AlarmEngineHosting"/>.</summary>
    public AlarmEngineActor(AlarmEngineServices services)
    {
        _services = services;
        _log = services.Loggers.CreateLogger<AlarmEngineActor>();
        _replica = new AlarmStateReplica(Context.System, services.Engine.StateTimeout);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _watched = [.. services.Alarms.Rules.Select(r => r.Measurement)];
        Loading();
    }

    /// <inheritdoc/>
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    private AlarmBook Book => _evaluator.Book;

    /// <summary>Props for the engine.</summary>
    public static Props Props(AlarmEngineServices services) => Akka.Actor.Props.Create(() => new AlarmEngineActor(services));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(ClusterTopics.MetricPoints, Self));
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(ClusterTopics.RunModes, Self));
        _replica.Read(Self, LoadState.Majority);
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void Loading()
    {
        Receive<GetSuccess>(g =>
        {
            try
            {
                var (book, modes, unwritten, newest, ended) = AlarmEngineState.Read(AlarmStateReplica.Bytes(g));
                foreach (var (run, ns) in newest)
                {
                    _newest[run] = ns;
                }

                _ended.UnionWith(ended);

                Started(book, modes, restored: true, unwritten);
            }
            catch (InvalidDataException ex)
            {
                _log.LogError("Alarm engine: {Reason}; starting with a fresh state", ex.Message);
                Started(null, [], restored: false);
            }
        });
        Receive<NotFound>(_ => Started(null, [], restored: false));
        Receive<GetFailure>(f =>
        {
            if (ReferenceEquals(f.Request, LoadState.Majority))
            {
                // No majority answered in time (a node just died and is not downed yet): the local
                // replica holds every majority write this node took part in.
                _log.LogWarning("Alarm engine: no majority answered the state read within {Timeout}; reading the local replica", _replica.Timeout);
                _replica.Read(Self, LoadState.Local, majority: false);
            }
            else
            {
                Started(null, [], restored: false);
            }
        });
        Receive<SubscribeAck>(_ => { });
        Receive<StopAlarmEngine>(_ => Context.Stop(Self));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Started(AlarmBook? book, Dictionary<uint, RunMode> modes, bool restored, List<string>? unwritten = null)
    {
        _evaluator = new AlarmEvaluator(_services.Alarms.Rules, book);
        _modes = modes;
        _restored = restored;
        if (unwritten is { Count: > 0 })
        {
            // The predecessor died before its sinks confirmed these: write them again (an upsert).
            _log.LogInformation("Alarm engine: writing {Count} dqm_alarm points again that the previous engine's sinks had not confirmed", unwritten.Count);
            Write([.. unwritten.Select(l => LineProtocolReader.ParseLine(l)).OfType<MetricPoint>()]);
        }

        // What the predecessor queued was replicated before it could be sent: all of it may go.
        _sendableUpTo = Book.Outbox.Pending.Select(e => e.Id).DefaultIfEmpty(0).Max();
        _log.LogInformation("Alarm engine started on node {Node} ({State}; {Open} alarms pending or firing, {Outbox} notifications to send)",
            _services.NodeName(), restored ? "state restored from the cluster" : "fresh state", Book.OpenAlarms.Count, Book.Outbox.Pending.Count);
        Timers.StartPeriodicTimer("persist", PersistTick.Instance, _services.Engine.PersistInterval);
        Timers.StartPeriodicTimer("housekeeping", Housekeeping.Instance, TimeSpan.FromMilliseconds(500));
        if (_services.Engine.LiveClock)
        {
            Timers.StartPeriodicTimer("live-clock", LiveTick.Instance, TimeSpan.FromSeconds(1));
        }

        SendDue();

        // Catch up before the live stream (stashed meanwhile): once pub-sub has gossiped this engine's
        // subscription (CatchUpSettle), every node sends what it published lately; older points first,
        // so none of them is overtaken (and then ignored) by a newer live point of its series.
        Become(() => Running(catchingUp: true));
        Timers.StartSingleTimer("catch-up", CatchUpAsk.Instance, CatchUpSettle);
    }

    private void Running(bool catchingUp)
    {
        if (catchingUp)
        {
            Receive<MetricPointBatch>(_ => Stash.Stash());
            Receive<RunModeSeen>(_ => Stash.Stash());
            Receive<GetAlarmEngineStatus>(_ => Stash.Stash());
            Receive<CatchUpAsk>(_ => AskCatchUp());
            Receive<AlarmCatchUpDone>(CaughtUp);
            Receive<CatchUpOver>(_ =>
            {
                _log.LogWarning("Alarm engine: {Done} of {Expected} nodes answered the catch-up within {Wait}; going on with the live stream", _catchUpDone, _catchUpExpected, CatchUpWait);
                EndCatchUp();
            });
        }
        else
        {
            Receive<MetricPointBatch>(Observe);
            Receive<RunModeSeen>(RunSeen);
            Receive<GetAlarmEngineStatus>(_ => Sender.Tell(Status()));
            Receive<AlarmCatchUpDone>(d => _log.LogInformation("Alarm engine: a late catch-up answer from node {Node}", d.Node));
        }

        Receive<AlarmCatchUpPart>(CatchUpPart);
        Receive<PersistTick>(_ =>
        {
            if (_dirty)
            {
                Persist();
            }
        });
        Receive<Housekeeping>(_ => Housekeep());
        Receive<LiveTick>(_ => AdvanceLiveClock());
        Receive<UpdateSuccess>(u => Persisted(u.Request));
        Receive<UpdateTimeout>(u =>
        {
            // Applied locally and gossiped later. Paging now beats not paging: a missing majority is a
            // node that died and is not downed yet.
            _log.LogWarning("Alarm engine: a state write reached no majority within {Timeout}; kept locally", _replica.Timeout);
            Persisted(u.Request);
        });
        Receive<PageOutcomeMessage>(PageDone);
        Receive<PointsWritten>(w =>
        {
            _unwritten.Remove(w.Sequence);
            _dirty = true;
        });
        Receive<RefreshOutcome>(Refreshed);
        Receive<SubscribeAck>(_ => { });
        Receive<StopAlarmEngine>(_ => BeginStop());
    }

    private void Persist()
    {
        _dirty = false;
        var upTo = Book.Outbox.Pending.Select(e => e.Id).DefaultIfEmpty(0).Max();
        _replica.Write(AlarmEngineState.Write(Book, _modes, Unwritten(), _newest, _ended), Self, new PersistRequest(upTo));
    }

    private void Persisted(object request)
    {
        if (request is PersistRequest { OutboxUpTo: var upTo })
        {
            _sendableUpTo = Math.Max(_sendableUpTo, upTo);
            SendDue();
        }
    }

    private List<string> Unwritten() => [.. _unwritten.Values.SelectMany(l => l)];

    private AlarmEngineStatus Status() =>
        new(_services.NodeName(), _observed, _transitions, Book.Outbox.Delivered, Book.Outbox.Pending.Count, _restored);

    private static uint? RunOf(MetricPoint point) =>
        point.Tag("run") is { } tag && uint.TryParse(tag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var run) ? run : null;

    private sealed class LoadState
    {
        public static readonly LoadState Majority = new();
        public static readonly LoadState Local = new();
    }

    private sealed record PersistRequest(long OutboxUpTo);

    private sealed class PersistTick
    {
        public static readonly PersistTick Instance = new();
    }

    private sealed class LiveTick
    {
        public static readonly LiveTick Instance = new();
    }

    private sealed class Housekeeping
    {
        public static readonly Housekeeping Instance = new();
    }

    private sealed class CatchUpAsk
    {
        public static readonly CatchUpAsk Instance = new();
    }

    private sealed class CatchUpOver
    {
        public static readonly CatchUpOver Instance = new();
    }

    private sealed record PointsWritten(long Sequence);
}

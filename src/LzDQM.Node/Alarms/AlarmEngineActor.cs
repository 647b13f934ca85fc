using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using LzDQM.Cluster;
using LzDQM.Contracts.Metrics;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Alarms;

/// <summary>
/// The alarm engine (SPEC §4), one per cluster as a singleton. It reads the replicated state
/// (<see cref="AlarmStateReplica"/>, majority) before anything else, then evaluates every metric
/// point of <see cref="ClusterTopics.MetricPoints"/> in event time with each run's mode from
/// <see cref="ClusterTopics.RunModes"/> (<see cref="AlarmBook"/>), writes each <c>dqm_alarm</c> point
/// through the node's delivery and publishes it on the topic, and pages through the notifiers.
/// A page is sent only after the state holding it is written with a majority, and its
/// acknowledgement is written again, so a successor neither pages twice nor forgets to resolve.
/// On start it asks every node for what it published lately (<see cref="AlarmCatchUpRequest"/>)
/// to cover the hand-over gap; the book ignores points it has already judged.
/// Threading: an actor; the notifiers' HTTP calls run as tasks whose results come back as messages.
/// </summary>
public sealed class AlarmEngineActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private const int MaxAwaitingPerRun = 20_000;
    private static readonly TimeSpan ModeWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly AlarmEngineServices _services;
    private readonly ILogger _log;
    private readonly AlarmStateReplica _replica;
    private readonly IActorRef _mediator;
    private readonly Dictionary<uint, (long SinceTicks, List<MetricPoint> Points)> _awaitingMode = [];
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private AlarmBook _book = null!;
    private Task _writes = Task.CompletedTask;
    private bool _dirty;
    private bool _restored;
    private long _persistSequence;
    private long _observed;
    private long _transitions;
    private long _pagesSent;

    /// <summary>Creates the engine; the singleton manager does, through <see cref="AlarmEngineHosting"/>.</summary>
    public AlarmEngineActor(AlarmEngineServices services)
    {
        _services = services;
        _log = services.Loggers.CreateLogger<AlarmEngineActor>();
        _replica = new AlarmStateReplica(Context.System, services.Options.StateTimeout);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        Loading();
    }

    /// <inheritdoc/>
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the engine.</summary>
    public static Props Props(AlarmEngineServices services) => Akka.Actor.Props.Create(() => new AlarmEngineActor(services));

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(ClusterTopics.MetricPoints, Self));
        _mediator.Tell(new Subscribe(ClusterTopics.RunModes, Self));
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
        Receive<GetSuccess>(g => Started(_book = AlarmBook.FromBytes(AlarmStateReplica.Bytes(g), _services.Alarms.Rules), restored: true));
        Receive<NotFound>(_ => Started(_book = new AlarmBook(_services.Alarms.Rules), restored: false));
        Receive<GetFailure>(f =>
        {
            if (ReferenceEquals(f.Request, LoadState.Majority))
            {
                // No majority answered in time (a node just died and is not yet downed): the local
                // replica has every majority write this node took part in.
                _log.LogWarning("Alarm engine: no majority answered the state read within {Timeout}; using the local replica", _replica.Timeout);
                _replica.Read(Self, LoadState.Local, majority: false);
            }
            else
            {
                Started(_book = new AlarmBook(_services.Alarms.Rules), restored: false);
            }
        });
        Receive<SubscribeAck>(_ => { });
        Receive<StopAlarmEngine>(_ => Context.Stop(Self));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Started(AlarmBook book, bool restored)
    {
        _restored = restored;
        var outbox = book.Outbox.ToList();
        _log.LogInformation("Alarm engine started on node {Node} ({State}; {Open} alarms not ok, {Outbox} pages to (re)send)",
            _services.NodeName(), restored ? "state restored from the cluster" : "fresh state", book.OpenAlarms, outbox.Count);
        Become(Running);
        Timers.StartPeriodicTimer("persist", PersistTick.Instance, _services.Engine.PersistInterval);
        Timers.StartPeriodicTimer("modes", ModeCheck.Instance, TimeSpan.FromSeconds(5));
        Timers.StartSingleTimer("catch-up-2", new CatchUp(2), TimeSpan.FromSeconds(3));
        _mediator.Tell(new Publish(ClusterTopics.AlarmEngineCatchUp, new AlarmCatchUpRequest(1)));

        // Pages of the predecessor that no receiver acknowledged: their state is already replicated.
        Send(outbox);
        Stash.UnstashAll();
    }

    private void Running()
    {
        Receive<MetricPointBatch>(Observe);
        Receive<RunModeSeen>(SetRunMode);
        Receive<AlarmCatchUpDone>(d => _log.LogInformation("Alarm engine caught up with node {Node} (request {Attempt}: {Runs} runs, {Batches} batches)", d.Node, d.Attempt, d.Runs, d.Batches));
        Receive<CatchUp>(c => _mediator.Tell(new Publish(ClusterTopics.AlarmEngineCatchUp, new AlarmCatchUpRequest(c.Attempt))));
        Receive<PersistTick>(_ =>
        {
            if (_dirty)
            {
                Persist([]);
            }
        });
        Receive<ModeCheck>(_ => GiveUpWaitingForModes());
        Receive<UpdateSuccess>(u => Persisted(u.Request));
        Receive<UpdateTimeout>(u =>
        {
            // Written locally and gossiped later; paging now beats not paging (a lost majority is a dying node).
            _log.LogWarning("Alarm engine: the state write reached no majority within {Timeout}; kept locally", _replica.Timeout);
            Persisted(u.Request);
        });
        Receive<PageDone>(PageDone);
        Receive<GetAlarmEngineStatus>(_ => Sender.Tell(Status()));
        Receive<SubscribeAck>(_ => { });
        Receive<StopAlarmEngine>(_ => BeginStop());
    }

    private void Observe(MetricPointBatch batch)
    {
        var alarmPoints = new List<MetricPoint>();
        var pages = new List<AlarmPage>();
        foreach (var line in batch.Lines)
        {
            if (!AlarmBook.MayMatter(line, _book))
            {
                continue;
            }

            MetricPoint point;
            try
            {
                point = LineProtocolReader.ParseLine(line);
            }
            catch (LineProtocolFormatException ex)
            {
                _log.LogWarning("Alarm engine: a line from node {Node} is not line protocol ({Reason}); skipped", batch.Node, ex.Message);
                continue;
            }

            Judge(point, alarmPoints, pages);
        }

        Emit(alarmPoints, pages);
    }

    private void Judge(MetricPoint point, List<MetricPoint> alarmPoints, List<AlarmPage> pages)
    {
        if (AlarmBook.RunOf(point) is { } run && !_book.KnowsMode(run))
        {
            if (!_awaitingMode.TryGetValue(run, out var waiting))
            {
                _awaitingMode[run] = waiting = (Environment.TickCount64, []);
            }

            if (waiting.Points.Count < MaxAwaitingPerRun)
            {
                waiting.Points.Add(point);
            }

            return;
        }

        _observed++;
        _dirty = true;
        foreach (var t in _book.Observe(point))
        {
            _transitions++;
            alarmPoints.Add(t.Point);
            if (t.Page is { } page)
            {
                pages.Add(page);
            }
        }
    }

    private void SetRunMode(RunModeSeen seen)
    {
        var alarmPoints = new List<MetricPoint>();
        var pages = new List<AlarmPage>();
        foreach (var t in _book.SetRunMode(seen))
        {
            alarmPoints.Add(t.Point);
            if (t.Page is { } page)
            {
                pages.Add(page);
            }
        }

        _dirty = true;
        if (_awaitingMode.Remove(seen.Run, out var waiting))
        {
            foreach (var p in waiting.Points)
            {
                Judge(p, alarmPoints, pages);
            }
        }

        Emit(alarmPoints, pages);
    }

    private void GiveUpWaitingForModes()
    {
        foreach (var (run, waiting) in _awaitingMode.Where(kv => Environment.TickCount64 - kv.Value.SinceTicks > ModeWait.TotalMilliseconds).ToList())
        {
            _log.LogWarning("Alarm engine: no START seen for run {Run} within {Wait}; judging its {Count} points with rules for every mode only", run, ModeWait, waiting.Points.Count);
            SetRunMode(new RunModeSeen(_services.NodeName(), run, Contracts.V1.RunMode.Unspecified, 0, null));
        }
    }

    private void Emit(List<MetricPoint> alarmPoints, List<AlarmPage> pages)
    {
        if (alarmPoints.Count > 0)
        {
            var lines = alarmPoints.Select(LineProtocol.Format).ToArray();
            _mediator.Tell(new Publish(ClusterTopics.MetricPoints, new MetricPointBatch(_services.NodeName(), lines)));
            var delivery = _services.Delivery.Delivery;
            var log = _log;
            _writes = _writes.ContinueWith(
                async _ =>
                {
                    try
                    {
                        await delivery.EnqueueAsync(alarmPoints).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                    {
                        log.LogWarning("Alarm engine: {Count} dqm_alarm points not written: {Reason}", alarmPoints.Count, ex.Message);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }

        if (pages.Count > 0)
        {
            Persist(pages); // the pages go out once their state is replicated
        }
    }

    private void Persist(IReadOnlyList<AlarmPage> pagesAfter)
    {
        _dirty = false;
        _replica.Write(_book.ToBytes(), Self, new PersistRequest(++_persistSequence, pagesAfter));
    }

    private void Persisted(object request)
    {
        if (request is PersistRequest { Pages: var pages })
        {
            Send(pages);
        }
    }

    private void Send(IEnumerable<AlarmPage> pages)
    {
        foreach (var page in pages)
        {
            if (!_inFlight.Add(page.Id))
            {
                continue;
            }

            var self = Self;
            _services.Pager.SendAsync(page, _stopping.Token).ContinueWith(
                t => self.Tell(new PageDone(page, t.IsCompletedSuccessfully, t.Exception?.GetBaseException().Message)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void PageDone(PageDone done)
    {
        _inFlight.Remove(done.Page.Id);
        if (done.Delivered)
        {
            _pagesSent++;
            _book.Acknowledge(done.Page);
            Persist([]);
        }
        else if (!_stopping.IsCancellationRequested)
        {
            _log.LogWarning("Alarm engine: page {Page} not delivered ({Reason}); it stays in the outbox", done.Page.Id, done.Reason);
        }
    }

    private void BeginStop()
    {
        _log.LogInformation("Alarm engine on node {Node} handing over ({InFlight} pages in flight)", _services.NodeName(), _inFlight.Count);
        Timers.CancelAll();
        var deadline = Environment.TickCount64 + (long)StopGrace.TotalMilliseconds;
        Become(() =>
        {
            Receive<PageDone>(done =>
            {
                PageDone(done);
                if (_inFlight.Count == 0)
                {
                    FinalWrite();
                }
            });
            Receive<StopNow>(_ => FinalWrite());
            Receive<UpdateSuccess>(u => FinishIfFinal(u.Request));
            Receive<UpdateTimeout>(u => FinishIfFinal(u.Request));
            ReceiveAny(_ => { }); // late points: the successor catches up on them
        });
        if (_inFlight.Count == 0)
        {
            FinalWrite();
        }
        else
        {
            Timers.StartSingleTimer("stop", StopNow.Instance, TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        }
    }

    private void FinalWrite()
    {
        Timers.Cancel("stop");
        _stopping.Cancel(); // unacknowledged pages stay in the outbox for the successor
        _replica.Write(_book.ToBytes(), Self, FinalPersist.Instance);
    }

    private void FinishIfFinal(object request)
    {
        if (ReferenceEquals(request, FinalPersist.Instance))
        {
            _log.LogInformation("Alarm engine on node {Node} stopped; state written", _services.NodeName());
            Context.Stop(Self);
        }
    }

    private AlarmEngineStatus Status() => new(_services.NodeName(), _observed, _transitions, _pagesSent, _book.Outbox.Count(), _restored);

    private sealed class LoadState
    {
        public static readonly LoadState Majority = new();
        public static readonly LoadState Local = new();
    }

    private sealed record PersistRequest(long Sequence, IReadOnlyList<AlarmPage> Pages);

    private sealed class FinalPersist
    {
        public static readonly FinalPersist Instance = new();
    }

    private sealed class PersistTick
    {
        public static readonly PersistTick Instance = new();
    }

    private sealed class ModeCheck
    {
        public static readonly ModeCheck Instance = new();
    }

    private sealed class StopNow
    {
        public static readonly StopNow Instance = new();
    }

    private sealed record CatchUp(int Attempt);

    private sealed record PageDone(AlarmPage Page, bool Delivered, string? Reason);
}

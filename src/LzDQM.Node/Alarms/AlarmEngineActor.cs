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
/// (<see cref="AlarmCatchUpRequest"/>) to cover the hand-over gap; the evaluator ignores points it
/// has already judged (per-series event time).
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
    private AlarmEvaluator _evaluator = null!;
    private readonly Dictionary<uint, long> _newest = [];
    private readonly SortedSet<uint> _ended = [];
    private Dictionary<uint, RunMode> _modes = [];
    private Task _writes = Task.CompletedTask;
    private readonly SortedDictionary<long, string[]> _unwritten = [];
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

    private void Observe(MetricPointBatch batch)
    {
        var changes = new List<AlarmTransition>();
        foreach (var line in batch.Lines)
        {
            var measurement = line.AsSpan(0, Math.Max(0, line.IndexOfAny([',', ' '])));
            if (!_watched.Contains(measurement.ToString()))
            {
                continue; // dqm_node, dqm_alarm and what no rule watches
            }

            MetricPoint? point;
            try
            {
                point = LineProtocolReader.ParseLine(line);
            }
            catch (LineProtocolFormatException ex)
            {
                _log.LogWarning("Alarm engine: a line from node {Node} is not line protocol ({Reason}); skipped", batch.Node, ex.Message);
                continue;
            }

            if (point is not null)
            {
                Judge(point, changes);
            }
        }

        Emit(changes);
    }

    private void Judge(MetricPoint point, List<AlarmTransition> changes)
    {
        if (RunOf(point) is { } run && !_modes.ContainsKey(run))
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
        if (RunOf(point) is { } r && !_ended.Contains(r) && point.TimestampNs > _newest.GetValueOrDefault(r, long.MinValue))
        {
            _newest[r] = point.TimestampNs;
        }

        changes.AddRange(_evaluator.Observe(point));
    }

    private void RunSeen(RunModeSeen seen)
    {
        var changes = new List<AlarmTransition>();
        if (seen.Mode != RunMode.Unspecified || seen.StopNs is null)
        {
            LearnMode(seen.Run, seen.Mode, changes);
        }

        if (seen.StopNs is { } stopNs)
        {
            // Points published just before the STOP may still be on their way on the other topic.
            _stopsDue[seen.Run] = (stopNs, Environment.TickCount64 + (long)EndRunDelay.TotalMilliseconds);
        }

        Emit(changes);
    }

    private void LearnMode(uint run, RunMode mode, List<AlarmTransition> changes)
    {
        if (!_modes.TryGetValue(run, out var known) || known == RunMode.Unspecified)
        {
            _modes[run] = mode;
            _evaluator.SetRunMode(run, mode);
            _dirty = true;
            while (_modes.Count > ModesKept)
            {
                _modes.Remove(_modes.Keys.Min());
            }
        }

        if (_awaitingMode.Remove(run, out var waiting))
        {
            foreach (var p in waiting.Points)
            {
                Judge(p, changes);
            }
        }
    }

    private void Housekeep()
    {
        var changes = new List<AlarmTransition>();
        var now = Environment.TickCount64;
        foreach (var (run, waiting) in _awaitingMode.Where(kv => now - kv.Value.SinceTicks > ModeWait.TotalMilliseconds).ToList())
        {
            _log.LogWarning("Alarm engine: no START seen for run {Run} within {Wait}; judging its {Count} points by the rules for every mode", run, ModeWait, waiting.Points.Count);
            LearnMode(run, RunMode.Unspecified, changes);
        }

        foreach (var (run, due) in _stopsDue.Where(kv => kv.Value.DueTicks <= now).ToList())
        {
            _stopsDue.Remove(run);
            if (_awaitingMode.ContainsKey(run))
            {
                LearnMode(run, RunMode.Unspecified, changes);
            }

            changes.AddRange(_evaluator.EndRun(run, due.StopNs));
            _newest.Remove(run);
            _ended.Add(run);
            while (_ended.Count > ModesKept)
            {
                _ended.Remove(_ended.Min);
            }

            _dirty = true;
        }

        Emit(changes);
        SendDue();
        Refresh();
    }

    // A live DAQ that stops sending closes no window, so in event time nothing is silent: while every
    // open run is live (its newest point recent in wall time) and no consumer lags, move the runs'
    // clocks to the wall clock minus the pipeline's lateness, so a stall pages during the stall.
    // A replay (event time far behind the wall clock) never moves them: replays stay deterministic.
    private void AdvanceLiveClock()
    {
        if (_newest.Count == 0)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        var horizon = (long)_services.Engine.LiveHorizon.TotalMilliseconds * 1_000_000L;
        if (_newest.Values.Any(t => now - t > horizon) || _awaitingMode.Count > 0)
        {
            return;
        }

        var owners = _services.Ownership.Current;
        if (owners.ByNode.Count == 0 || owners.ByNode.Values.Any(o => o.Lag.Any(l => l > _services.Engine.LiveMaxLag)))
        {
            return; // a backlog: silence in the metrics may be lag, not a stalled DAQ
        }

        var changes = _evaluator.AdvanceRunClocks(now - ((long)_services.Engine.LiveLateness.TotalMilliseconds * 1_000_000L));
        if (changes.Count > 0)
        {
            _dirty = true;
            Emit([.. changes]);
        }
    }

    private void Emit(List<AlarmTransition> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        _transitions += changes.Count;
        var points = new List<MetricPoint>(changes.Count);
        var pages = false;
        foreach (var t in changes)
        {
            points.Add(t.ToPoint());
            if (t.Pages)
            {
                Book.Outbox.Enqueue(t, _services.Pager.NotifiersFor(t.Rule));
                pages = true;
                _log.LogInformation("Alarm {Alarm} {Kind} at event time {Time:O}: {Message}", t.AlarmId, t.Kind, DateTimeOffset.FromUnixTimeMilliseconds(t.EventTimeNs / 1_000_000), t.Message);
            }
        }

        _mediator.Tell(new Publish(ClusterTopics.MetricPoints, new MetricPointBatch(_services.NodeName(), [.. points.Select(LineProtocol.Format)])));
        Write(points);
        _dirty = true;
        if (pages)
        {
            Persist(); // the notifications go out once the state holding them is replicated
        }
    }

    private void Write(List<MetricPoint> points)
    {
        if (points.Count == 0)
        {
            return;
        }

        var sequence = ++_writeSequence;
        _unwritten[sequence] = [.. points.Select(LineProtocol.Format)];
        var delivery = _services.Delivery.Delivery;
        var log = _log;
        var self = Self;
        _writes = _writes.ContinueWith(
            async _ =>
            {
                try
                {
                    await delivery.EnqueueAsync(points, _ => self.Tell(new PointsWritten(sequence))).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                {
                    log.LogWarning("Alarm engine: {Count} dqm_alarm points not written here ({Reason}); the replicated state keeps them for the next engine", points.Count, ex.Message);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default).Unwrap();
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

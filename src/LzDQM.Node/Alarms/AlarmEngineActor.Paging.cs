using Akka.Actor;
using LzDQM.Alarms.Paging;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Alarms;

/// <summary>The engine's paging half: sending due outbox entries, their outcomes, refreshes, the hand-over stop.</summary>
public sealed partial class AlarmEngineActor
{
    private void SendDue()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var entry in Book.Outbox.Due(now))
        {
            // Only what a completed (majority) write holds; never the same entry twice at once.
            if (entry.Id > _sendableUpTo || !_inFlight.Add(entry.Id))
            {
                continue;
            }

            var self = Self;
            _services.Pager.SendAsync(entry, _stopping.Token).ContinueWith(
                t => self.Tell(new PageOutcomeMessage(entry, t.IsCompletedSuccessfully ? t.Result : new DeliveryOutcome(DeliveryStatus.Retry, t.IsCanceled ? "cancelled" : t.Exception?.GetBaseException().Message))),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void PageDone(PageOutcomeMessage done)
    {
        _inFlight.Remove(done.Entry.Id);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var t = done.Entry.Transition;
        switch (done.Outcome.Status)
        {
            case DeliveryStatus.Delivered:
                Book.Outbox.Acknowledge(done.Entry.Id, now);
                _log.LogInformation("Alarm {Alarm} {Kind} delivered to {Notifier}", t.AlarmId, t.Kind, done.Entry.Notifier);
                Persist(); // the acknowledgement, so no successor sends it again; the next entry follows
                break;
            case DeliveryStatus.Rejected:
                Book.Outbox.Reject(done.Entry.Id, done.Outcome.Error ?? "rejected");
                _log.LogError("Alarm {Alarm} {Kind} refused for good by {Notifier}: {Reason}", t.AlarmId, t.Kind, done.Entry.Notifier, done.Outcome.Error);
                Persist();
                break;
            default:
                if (_stopping.IsCancellationRequested)
                {
                    return; // handing over: the entry stays for the successor
                }

                var backoff = _services.Pager.Backoff(done.Entry.Failures + 1);
                Book.Outbox.Failed(done.Entry.Id, now, backoff, done.Outcome.Error ?? "failed");
                _log.LogWarning("Alarm {Alarm} {Kind} not delivered to {Notifier} ({Reason}); retry in {Backoff:F1} s", t.AlarmId, t.Kind, done.Entry.Notifier, done.Outcome.Error, backoff.TotalSeconds);
                _dirty = true;
                break;
        }
    }

    private void Refresh()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (name, notifier) in _services.Pager.Notifiers)
        {
            if (notifier.RefreshInterval is not { } every)
            {
                continue;
            }

            foreach (var notice in Book.Outbox.RefreshDue(name, now, (long)every.TotalMilliseconds))
            {
                var key = name + "\n" + notice.Transition.AlarmId;
                if (!_refreshing.Add(key))
                {
                    continue;
                }

                var self = Self;
                notifier.RefreshAsync(notice, _stopping.Token).ContinueWith(
                    r => self.Tell(new RefreshOutcome(key, notice, r.IsCompletedSuccessfully && r.Result.Status == DeliveryStatus.Delivered)),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    private void Refreshed(RefreshOutcome outcome)
    {
        _refreshing.Remove(outcome.Key);
        if (outcome.Delivered)
        {
            Book.Outbox.Refreshed(outcome.Notice, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            _dirty = true;
        }
    }

    private void BeginStop()
    {
        _log.LogInformation("Alarm engine on node {Node} handing over ({InFlight} notifications in flight)", _services.NodeName(), _inFlight.Count);
        Timers.CancelAll();
        Become(() =>
        {
            Receive<PageOutcomeMessage>(done =>
            {
                PageDone(done);
                if (_inFlight.Count == 0)
                {
                    FinalWrite();
                }
            });
            Receive<StopNow>(_ => FinalWrite());
            Receive<Akka.DistributedData.UpdateSuccess>(u => FinishIfFinal(u.Request));
            Receive<Akka.DistributedData.UpdateTimeout>(u => FinishIfFinal(u.Request));
            ReceiveAny(_ => { }); // late points: the successor catches up on them
        });
        if (_inFlight.Count == 0)
        {
            FinalWrite();
        }
        else
        {
            Timers.StartSingleTimer("stop", StopNow.Instance, StopGrace);
        }
    }

    private void FinalWrite()
    {
        if (_finalWriteSent)
        {
            return;
        }

        _finalWriteSent = true;
        Timers.Cancel("stop");
        _stopping.Cancel(); // what is not acknowledged stays in the outbox for the successor
        _replica.Write(AlarmEngineState.Write(Book, _modes, Unwritten(), _newest, _ended), Self, FinalPersist.Instance);
    }

    private void FinishIfFinal(object request)
    {
        if (ReferenceEquals(request, FinalPersist.Instance))
        {
            _log.LogInformation("Alarm engine on node {Node} stopped; its state is replicated", _services.NodeName());
            Context.Stop(Self);
        }
    }

    private sealed record PageOutcomeMessage(OutboxEntry Entry, DeliveryOutcome Outcome);

    private sealed record RefreshOutcome(string Key, FiringNotice Notice, bool Delivered);

    private sealed class FinalPersist
    {
        public static readonly FinalPersist Instance = new();
    }

    private sealed class StopNow
    {
        public static readonly StopNow Instance = new();
    }
}

using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LzDQM.Alarms.Evaluation;
using LzDQM.Cluster;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace LzDQM.Node.Alarms;

/// <summary>The engine's evaluating half: points and run transitions in, <c>dqm_alarm</c> points and queued notifications out.</summary>
public sealed partial class AlarmEngineActor
{
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
}

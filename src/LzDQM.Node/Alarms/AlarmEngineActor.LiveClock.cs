namespace LzDQM.Node.Alarms;

/// <summary>The engine's live clock: a stalled live DAQ pages during the stall.</summary>
public sealed partial class AlarmEngineActor
{
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
}

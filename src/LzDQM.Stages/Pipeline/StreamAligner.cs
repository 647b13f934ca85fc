using System.Threading.Channels;
using LzDQM.Stages.Intake;

namespace LzDQM.Stages.Pipeline;

/// <summary>
/// Merges a partition's three input streams in event time, so that the kernel sees triggers and
/// pulses of the same seconds together however Kafka interleaves its fetches (a trigger chunk is
/// ten times smaller than a pulse chunk, so by bytes the trigger stream races ahead in event time).
/// It hands out the queued message with the earliest time, but while one data stream is empty it
/// holds the other back for up to <see cref="IdleTimeout"/>: the empty stream's next message may be
/// earlier. A stream that stays empty that long (a DAQ that sends no pulses, the end of a replay)
/// is idle and stops holding the other back until it shows up again; a stream the intake reports a
/// Kafka backlog of (<see cref="PartitionInbox.HasBacklog"/>) is late, and waited for longer.
/// Run-control messages never hold data back, but the first data of a run the kernel does not know
/// yet waits up to IdleTimeout for its START (which must go before the run's first chunks). Messages that feed no window go first.
/// Single-threaded: the partition pipeline's loop.
/// </summary>
public sealed class StreamAligner
{
    private readonly ChannelReader<IntakeMessage> _runs;
    private readonly ChannelReader<IntakeMessage> _triggers;
    private readonly ChannelReader<IntakeMessage> _pulses;
    private readonly TimeProvider _clock;
    private readonly PartitionInbox _inbox;
    // How many idle timeouts a stream with a Kafka backlog may hold the other back.
    private const int BacklogPatience = 5;

    private readonly Func<uint, bool>? _runKnown;
    private long _waitingSince = -1;
    private long _runWaitSince = -1;

    /// <summary>Creates an aligner over an inbox's queues.</summary>
    /// <param name="inbox">The partition's queues.</param>
    /// <param name="idleTimeout">How long an empty stream may hold the other back (and unannounced data may wait for its START).</param>
    /// <param name="clock">Time source (tests).</param>
    /// <param name="runKnown">Whether the kernel already knows a run (started, restored or stopped); null: never wait for a START.</param>
    public StreamAligner(PartitionInbox inbox, TimeSpan idleTimeout, TimeProvider? clock = null, Func<uint, bool>? runKnown = null)
    {
        _runKnown = runKnown;
        _inbox = inbox;
        _runs = inbox.Runs.Reader;
        _triggers = inbox.Triggers.Reader;
        _pulses = inbox.Pulses.Reader;
        _clock = clock ?? TimeProvider.System;
        IdleTimeout = idleTimeout;
    }

    /// <summary>How long an empty data stream may hold the other back.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>True when every queue is completed and empty (the partition was revoked).</summary>
    public bool Completed => _runs.Completion.IsCompleted && _triggers.Completion.IsCompleted && _pulses.Completion.IsCompleted;

    /// <summary>The next message in event-time order, or null when none may go yet.</summary>
    public IntakeMessage? TryNext()
    {
        var now = _clock.GetTimestamp();
        var hasT = _triggers.TryPeek(out var t);
        var hasP = _pulses.TryPeek(out var p);
        var hasR = _runs.TryPeek(out var r);
        if ((hasT && hasP) || !(hasT || hasP || hasR))
        {
            _waitingSince = -1; // both data streams present, or nothing queued: nobody is waiting
        }
        else if (_waitingSince < 0)
        {
            _waitingSince = now; // something waits for an empty data stream
        }

        // Skipped messages (duplicates, dead letters) and run control go as soon as they are due.
        if (hasT && t is SkippedInput)
        {
            return Take(_triggers);
        }

        if (hasP && p is SkippedInput)
        {
            return Take(_pulses);
        }

        if (hasR && RunMessageDue(r!, hasT ? t : null, hasP ? p : null, now))
        {
            return Take(_runs);
        }

        ChannelReader<IntakeMessage>? next = null;
        if (hasT && hasP)
        {
            next = Time(t!) <= Time(p!) ? _triggers : _pulses;
        }
        else if (hasT && Idle(_pulses, now))
        {
            next = _triggers;
        }
        else if (hasP && Idle(_triggers, now))
        {
            next = _pulses;
        }

        if (next is null)
        {
            return null;
        }

        // The first chunk of a run nobody announced yet waits (up to IdleTimeout) for its START,
        // which may still be on its way on the run-control topic: folding data into a run before
        // its START would apply the wrong run mode's cuts.
        var head = next == _triggers ? t! : p!;
        if (!hasR && _runKnown is not null && !_runKnown(Run(head)))
        {
            if (_runWaitSince < 0)
            {
                _runWaitSince = now;
            }

            if (_clock.GetElapsedTime(_runWaitSince, now) < IdleTimeout && !_runs.Completion.IsCompleted)
            {
                return null;
            }
        }

        _runWaitSince = -1;
        return Take(next);
    }

    private static uint Run(IntakeMessage m) => m switch
    {
        TriggerInput t => t.Chunk.Run,
        PulseInput p => p.Chunk.Run,
        _ => 0,
    };

    /// <summary>
    /// Waits until an empty queue gets a message, the timeout passes, or the token fires. Queues
    /// that already hold messages are not waited on (their head is waiting for another stream),
    /// so a held-back partition sleeps instead of spinning.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var waits = new List<Task>(4) { Task.Delay(Timeout.Infinite, cts.Token) };
        foreach (var reader in (ReadOnlySpan<ChannelReader<IntakeMessage>>)[_runs, _triggers, _pulses])
        {
            if (!reader.TryPeek(out _) && !reader.Completion.IsCompleted)
            {
                waits.Add(reader.WaitToReadAsync(cts.Token).AsTask());
            }
        }

        try
        {
            await Task.WhenAny(waits).ConfigureAwait(false);
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The event time a message is ordered by.</summary>
    public static long Time(IntakeMessage m) => m switch
    {
        TriggerInput t => t.Chunk.TriggerTimeNs.Count > 0 ? t.Chunk.TriggerTimeNs[0] : long.MinValue,
        PulseInput p => p.Chunk.TriggerTimeNs.Count > 0 ? p.Chunk.TriggerTimeNs[0] : long.MinValue,
        RunInput r => r.Transition.TimeNs,
        _ => long.MinValue,
    };

    // A START goes before any later data; a STOP also waits for an empty data stream to go idle,
    // because the run's last chunks may still be on their way.
    private bool RunMessageDue(IntakeMessage r, IntakeMessage? t, IntakeMessage? p, long now)
    {
        if (r is not RunInput run)
        {
            return true;
        }

        var time = Time(r);
        var stop = run.Transition.Transition == Contracts.V1.RunControl.Types.Transition.Stop;
        var triggersOk = t is not null ? time <= Time(t) : !stop || Idle(_triggers, now);
        var pulsesOk = p is not null ? time <= Time(p) : !stop || Idle(_pulses, now);
        return triggersOk && pulsesOk;
    }

    // An empty stream is idle once a queued message has waited IdleTimeout for it; while Kafka still
    // holds messages of it (slow fetch, paused partition) it is late rather than idle, and going on
    // without it would make the windows depend on fetch timing, so it gets BacklogPatience times longer.
    private bool Idle(ChannelReader<IntakeMessage> stream, long now)
    {
        if (stream.Completion.IsCompleted)
        {
            return true;
        }

        if (_waitingSince < 0)
        {
            return false;
        }

        // A stream with a backlog in Kafka gets longer (bounded: a wrong backlog must not stall the partition).
        var backlog = _inbox.HasBacklog(stream == _triggers ? Contracts.Wire.Topics.Triggers : Contracts.Wire.Topics.Pulses);
        return _clock.GetElapsedTime(_waitingSince, now) >= (backlog ? IdleTimeout * BacklogPatience : IdleTimeout);
    }

    private static IntakeMessage Take(ChannelReader<IntakeMessage> reader)
    {
        reader.TryRead(out var m);
        return m!;
    }
}

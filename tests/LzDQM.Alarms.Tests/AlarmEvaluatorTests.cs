using LzDQM.Alarms.Evaluation;
using LzDQM.Alarms.Rules;
using LzDQM.Contracts.Metrics;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Tests;

/// <summary>The evaluator's state machine on synthetic points: hysteresis, pending, rate of change, no data, filters, re-delivery, run end.</summary>
public sealed class AlarmEvaluatorTests
{
    private static AlarmRule LiveFraction(double pending = 0) => new()
    {
        Name = "live", Measurement = "dqm_trigger_rate", Field = "live_fraction", Tags = new() { ["trigger_type"] = "all" },
        Condition = AlarmCondition.Below, Warn = 0.9, Critical = 0.7, Clear = 0.92, PendingSeconds = pending,
    };

    private static List<AlarmTransition> Feed(AlarmEvaluator e, IEnumerable<Contracts.Metrics.MetricPoint> points) => [.. points.SelectMany(e.Observe)];

    [Fact]
    public void A_value_hovering_around_the_threshold_pages_once_and_resolves_once()
    {
        var e = new AlarmEvaluator([LiveFraction()]);
        // 0.89, 0.905, 0.895, 0.91, 0.899 ... never back above the clear level 0.92, then 0.95.
        double[] values = [0.95, 0.89, 0.905, 0.895, 0.91, 0.899, 0.915, 0.88, 0.95, 0.95];
        var ts = Feed(e, values.Select((v, i) => Pt.Trigger(1, 10 * (i + 1), 40, v)));

        Assert.Equal([AlarmTransitionKind.Fired, AlarmTransitionKind.Resolved], ts.Select(t => t.Kind));
        Assert.Equal(Pt.Ns(20), ts[0].EventTimeNs);
        Assert.Equal(Pt.Ns(90), ts[1].EventTimeNs);
        Assert.Equal(0.9, ts[0].Threshold);
    }

    [Fact]
    public void Pending_lasts_the_pending_duration_in_event_time_then_fires()
    {
        var e = new AlarmEvaluator([LiveFraction(pending: 30)]);
        var ts = Feed(e, new[] { 0.95, 0.85, 0.85, 0.85, 0.85, 0.85 }.Select((v, i) => Pt.Trigger(1, 10 * (i + 1), 40, v)));

        Assert.Equal([AlarmTransitionKind.Pending, AlarmTransitionKind.Fired], ts.Select(t => t.Kind));
        Assert.Equal(Pt.Ns(20), ts[0].EventTimeNs);
        Assert.Equal(AlarmState.Pending, ts[0].State);
        Assert.Equal(Pt.Ns(50), ts[1].EventTimeNs); // 30 s after it became pending
        Assert.Equal(Pt.Ns(50), ts[1].FiredAtNs);
    }

    [Fact]
    public void A_short_excursion_shorter_than_the_pending_duration_never_fires()
    {
        var e = new AlarmEvaluator([LiveFraction(pending: 30)]);
        var ts = Feed(e, new[] { 0.95, 0.85, 0.85, 0.95, 0.95 }.Select((v, i) => Pt.Trigger(1, 10 * (i + 1), 40, v)));

        Assert.Equal([AlarmTransitionKind.Pending, AlarmTransitionKind.Cancelled], ts.Select(t => t.Kind));
        Assert.DoesNotContain(ts, t => t.Pages);
    }

    [Fact]
    public void Crossing_the_critical_threshold_escalates_once_and_the_resolve_carries_the_critical_severity()
    {
        var e = new AlarmEvaluator([LiveFraction()]);
        var ts = Feed(e, new[] { 0.85, 0.6, 0.65, 0.8, 0.95 }.Select((v, i) => Pt.Trigger(1, 10 * (i + 1), 40, v)));

        Assert.Equal([AlarmTransitionKind.Fired, AlarmTransitionKind.Escalated, AlarmTransitionKind.Resolved], ts.Select(t => t.Kind));
        Assert.Equal(AlarmSeverity.Warn, ts[0].Severity);
        Assert.Equal(AlarmSeverity.Critical, ts[1].Severity);
        Assert.Equal(AlarmSeverity.Critical, ts[2].Severity);
        Assert.Equal(Pt.Ns(10), ts[2].FiredAtNs);
        Assert.Equal([1L, 2L, 3L], ts.Select(t => t.Sequence));
    }

    [Fact]
    public void Rate_of_change_alarms_on_a_significant_fall_only()
    {
        var rule = new AlarmRule
        {
            Name = "tau-falling", Measurement = "dqm_electron_lifetime", Field = "tau_us", Tags = new() { ["population"] = "kr83m" },
            Condition = AlarmCondition.RateOfChange, Warn = -3000, RateSpanSeconds = 300, ErrorField = "tau_err_us", MinSignificance = 3,
        };

        // Noisy but flat (±150 µs with 100 µs errors): a fall of 150 µs in 5 min is −1800 µs/h anyway, and never 3σ.
        var flat = new AlarmEvaluator([rule]);
        Assert.Empty(Feed(flat, Enumerable.Range(0, 30).Select(i => Pt.Lifetime(1, 60 * i, 6500 + (i % 2 == 0 ? 150 : -150), 100))));

        // A large fall with huge errors (1000 µs): −6000 µs/h but not significant.
        var noisy = new AlarmEvaluator([rule]);
        Assert.Empty(Feed(noisy, Enumerable.Range(0, 30).Select(i => Pt.Lifetime(1, 60 * i, 8000 - (10 * i), 1000))));

        // 8000 µs falling 100 µs per minute (−6000 µs/h) with 100 µs errors: fires once a 5-min span holds a 3σ fall.
        var falling = new AlarmEvaluator([rule]);
        var ts = Feed(falling, Enumerable.Range(0, 30).Select(i => Pt.Lifetime(1, 60 * i, i < 10 ? 8000 : 8000 - (100 * (i - 9)), 100)));
        var fired = Assert.Single(ts);
        Assert.Equal(AlarmTransitionKind.Fired, fired.Kind);
        // First window with Δ over 300 s ≥ 3·√2·100 µs = 424 µs: 5 steps of 100 µs after the onset at 9 min → 14 min.
        Assert.Equal(Pt.Ns(14 * 60), fired.EventTimeNs);
        Assert.Equal(-6000, fired.Value, 6);
    }

    [Fact]
    public void Rate_of_change_with_a_positive_threshold_alarms_on_a_rise()
    {
        var rule = new AlarmRule
        {
            Name = "se-rising", Measurement = "dqm_pulse_rate", Field = "hz", Tags = new() { ["pulse_class"] = "se" },
            Condition = AlarmCondition.RateOfChange, Warn = 1800, RateSpanSeconds = 60,
        };
        var e = new AlarmEvaluator([rule]);
        var ts = Feed(e, Enumerable.Range(0, 20).Select(i => Pt.Pulse(1, 10 * i, "se", i < 10 ? 80 : 80 + (10 * (i - 9)))));

        // +10 Hz per 10 s from 90 s on; 1800 Hz/h over 60 s = +30 Hz: reached at 120 s.
        var fired = Assert.Single(ts);
        Assert.Equal(Pt.Ns(120), fired.EventTimeNs);
        Assert.Equal(1800, fired.Value, 6);
    }

    [Fact]
    public void No_data_fires_after_empty_windows_prove_the_silence_and_resolves_when_data_returns()
    {
        var rule = new AlarmRule
        {
            Name = "no-data", Measurement = "dqm_trigger_rate", Field = "count", Tags = new() { ["trigger_type"] = "all" },
            Condition = AlarmCondition.NoData, Critical = 60, DataWindowSeconds = 60,
        };
        var e = new AlarmEvaluator([rule]);
        var points = new List<Contracts.Metrics.MetricPoint>();
        for (var t = 10; t <= 300; t += 10)
        {
            // triggers stop at 100 s: windows ending at 160..200 are empty; back at 200 s.
            var hz = t is > 150 and < 210 ? 0 : 40.0;
            points.Add(Pt.Pulse(1, t, "se", 80)); // another series of the run, first
            points.Add(Pt.Trigger(1, t, hz));
        }

        var ts = Feed(e, points);
        Assert.Equal([AlarmTransitionKind.Fired, AlarmTransitionKind.Resolved], ts.Select(t => t.Kind));
        Assert.Equal(Pt.Ns(160), ts[0].EventTimeNs); // the first empty window proves 60 s without data
        Assert.Equal(AlarmSeverity.Critical, ts[0].Severity);
        Assert.Equal(Pt.Ns(210), ts[1].EventTimeNs);
    }

    [Fact]
    public void No_data_fires_when_the_series_stops_writing_while_the_run_goes_on()
    {
        var rule = new AlarmRule
        {
            Name = "no-lifetime", Measurement = "dqm_electron_lifetime", Field = "n_events", Tags = new() { ["population"] = "kr83m" },
            Condition = AlarmCondition.NoData, Warn = 300,
        };
        var e = new AlarmEvaluator([rule]);
        var points = new List<Contracts.Metrics.MetricPoint>();
        for (var t = 10; t <= 900; t += 10)
        {
            points.Add(Pt.Trigger(1, t, 40));
            if (t % 60 == 0 && t <= 300)
            {
                points.Add(Pt.Lifetime(1, t, 6500, 100));
            }
        }

        var fired = Assert.Single(Feed(e, points));
        Assert.Equal(Pt.Ns(600), fired.EventTimeNs); // last lifetime point at 300 s + 300 s of silence
    }

    [Fact]
    public void Rules_apply_only_to_runs_of_their_modes_and_to_points_matching_their_tag_filter()
    {
        var rule = LiveFraction();
        rule.Modes = ["science"];
        var e = new AlarmEvaluator([rule]);
        e.SetRunMode(1, RunMode.Science);
        e.SetRunMode(2, RunMode.Kr83M);

        var ts = Feed(e,
        [
            Pt.Trigger(1, 10, 40, 0.5, type: "s2"), // another trigger type: not the filter's series
            Pt.Trigger(2, 10, 40, 0.5),             // kr83m run: rule not applied
            Pt.Trigger(3, 10, 40, 0.5),             // mode unknown: a mode-restricted rule waits for run control
            Pt.Trigger(1, 20, 40, 0.5),             // science, all: fires
        ]);

        var fired = Assert.Single(ts);
        Assert.Equal("live/1", fired.AlarmId);
        Assert.Equal(1u, fired.Run);
    }

    [Fact]
    public void A_redelivered_or_older_point_changes_nothing()
    {
        var e = new AlarmEvaluator([LiveFraction()]);
        Assert.Single(e.Observe(Pt.Trigger(1, 10, 40, 0.8)));
        var before = e.Book.ToBytes();

        Assert.Empty(e.Observe(Pt.Trigger(1, 10, 40, 0.99))); // same window again, other value
        Assert.Empty(e.Observe(Pt.Trigger(1, 5, 40, 0.99)));  // an older window
        Assert.Equal(before, e.Book.ToBytes());
        Assert.Equal(AlarmTransitionKind.Resolved, Assert.Single(e.Observe(Pt.Trigger(1, 20, 40, 0.99))).Kind);
    }

    [Fact]
    public void Poor_statistics_windows_neither_raise_nor_clear()
    {
        var rule = new AlarmRule
        {
            Name = "tau-low", Measurement = "dqm_electron_lifetime", Field = "tau_us", Tags = new() { ["population"] = "kr83m" },
            Condition = AlarmCondition.Below, Warn = 3000, MinEvents = 2000, ErrorField = "tau_err_us", MaxError = 500,
        };
        var e = new AlarmEvaluator([rule]);
        var ts = Feed(e,
        [
            Pt.Lifetime(1, 60, 1000, 100, events: 600),   // too few events
            Pt.Lifetime(1, 120, 1000, 900, events: 5000), // error too large
            Pt.Lifetime(1, 180, 2500, 100, events: 5000), // fires
            Pt.Lifetime(1, 240, 6500, 100, events: 600),  // too few events to clear
            Pt.Lifetime(1, 300, 6500, 100, events: 5000), // clears
        ]);

        Assert.Equal([(AlarmTransitionKind.Fired, Pt.Ns(180)), (AlarmTransitionKind.Resolved, Pt.Ns(300))], ts.Select(t => (t.Kind, t.EventTimeNs)));
    }

    [Fact]
    public void The_end_of_a_run_resolves_its_firing_alarms_and_its_late_points_are_ignored()
    {
        var e = new AlarmEvaluator([LiveFraction(pending: 60)]);
        e.Observe(Pt.Trigger(1, 10, 40, 0.5));
        Assert.Equal(AlarmTransitionKind.Fired, Assert.Single(e.Observe(Pt.Trigger(1, 70, 40, 0.5))).Kind);
        Assert.Equal(AlarmTransitionKind.Pending, Assert.Single(e.Observe(Pt.Trigger(2, 70, 40, 0.5))).Kind);

        var end = e.EndRun(1, Pt.Ns(75));
        var resolved = Assert.Single(end);
        Assert.Equal(AlarmTransitionKind.Resolved, resolved.Kind);
        Assert.Equal(Pt.Ns(75), resolved.EventTimeNs);
        Assert.Empty(e.Observe(Pt.Trigger(1, 80, 40, 0.5)));
        Assert.Empty(e.EndRun(1, Pt.Ns(75)));

        var cancelled = Assert.Single(e.EndRun(2, Pt.Ns(75)));
        Assert.Equal(AlarmTransitionKind.Cancelled, cancelled.Kind); // pending: never paged, nothing to resolve
        Assert.False(cancelled.Pages);
        Assert.Empty(e.Book.OpenAlarms);
    }

    [Fact]
    public void Each_transition_is_a_dqm_alarm_point_at_its_event_time()
    {
        var e = new AlarmEvaluator([LiveFraction()]);
        var fired = Assert.Single(e.Observe(Pt.Trigger(42, 10, 40, 0.6)));
        var point = fired.ToPoint();

        Assert.Equal("dqm_alarm", point.Measurement);
        Assert.Equal(Pt.Ns(10), point.TimestampNs);
        Assert.Equal("42", point.Tag("run"));
        Assert.Equal("live", point.Tag("alarm"));
        Assert.Equal("critical", point.Tag("severity"));
        Assert.Equal(2, point.Field("state")!.Value.IntegerValue);
        Assert.Equal(0.6, point.Value("value"));
        Assert.Equal(0.7, point.Value("threshold"));
        Assert.Contains("run 42 dqm_trigger_rate[trigger_type=all].live_fraction 0.6", point.Field("message")!.Value.StringValue, StringComparison.Ordinal);
        Assert.StartsWith("dqm_alarm,alarm=live,run=42,severity=critical message=", point.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_whose_stop_never_came_is_ended_when_too_many_runs_are_open()
    {
        var e = new AlarmEvaluator([LiveFraction()]);
        Assert.Equal(AlarmTransitionKind.Fired, Assert.Single(e.Observe(Pt.Trigger(1, 10, 40, 0.5))).Kind);
        for (uint run = 2; run <= AlarmBook.OpenRunsKept; run++)
        {
            Assert.Empty(e.Observe(Pt.Trigger(run, 100 + run, 40, 0.99)));
        }

        e.SetRunMode(999, RunMode.Science); // announced, no points yet: not the stalest
        var ts = e.Observe(Pt.Trigger(1000, 1000, 40, 0.99)); // one run too many: run 1 (oldest) is ended
        var resolved = Assert.Single(ts);
        Assert.Equal((AlarmTransitionKind.Resolved, 1u, Pt.Ns(10)), (resolved.Kind, resolved.Run, resolved.EventTimeNs));
        Assert.Empty(e.Observe(Pt.Trigger(1, 20, 40, 0.5))); // its late points are ignored
        Assert.Equal(AlarmTransitionKind.Fired, Assert.Single(e.Observe(Pt.Trigger(999, 10, 40, 0.5))).Kind);
    }

    [Fact]
    public void Outside_a_band_the_alarm_reports_the_value_and_the_band_edge_it_crossed()
    {
        var rule = new AlarmRule
        {
            Name = "edge", Measurement = "dqm_drift", Field = "cathode_us",
            Condition = AlarmCondition.OutsideBand, Nominal = 950, Warn = 20, Critical = 50, Clear = 15,
        };
        var e = new AlarmEvaluator([rule]);
        MetricPoint Drift(double t, double cathode) => Pt.Make("dqm_drift", 1, t, [("cathode_us", cathode), ("n_events", 2000)]);

        var ts = Feed(e, [Drift(60, 955), Drift(120, 925), Drift(180, 935), Drift(240, 1010), Drift(300, 960)]);

        Assert.Equal([AlarmTransitionKind.Fired, AlarmTransitionKind.Escalated, AlarmTransitionKind.Resolved], ts.Select(t => t.Kind));
        Assert.Equal((925.0, 930.0), (ts[0].Value, ts[0].Threshold));   // below the nominal: the lower edge
        Assert.Equal((1010.0, 1000.0), (ts[1].Value, ts[1].Threshold)); // above: the upper critical edge
        Assert.Equal((960.0, 965.0), (ts[2].Value, ts[2].Threshold));   // back inside the clear band
        Assert.Contains("925 µs (-25 µs from nominal 950 µs), beyond the warning limit 930 µs (nominal ± 20 µs)", ts[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_host_advancing_the_clock_pages_a_stall_during_the_stall_once_and_resolves_it_once()
    {
        var rule = new AlarmRule
        {
            Name = "no-data", Measurement = "dqm_trigger_rate", Field = "count", Tags = new() { ["trigger_type"] = "all" },
            Condition = AlarmCondition.NoData, Critical = 60, DataWindowSeconds = 60,
        };

        // Triggers stop at 100 s and resume at 200 s: windows ending 110-150 still hold data, 160-200 are empty.
        var windows = Enumerable.Range(1, 25).Select(i => Pt.Trigger(1, 10 * i, i is >= 16 and <= 20 ? 0 : 40)).ToList();
        var replay = new AlarmEvaluator([rule]);
        var replayed = Feed(replay, windows);

        // Live, windows close only when data arrives: the last closed window before the stall ends at
        // 100 s; nothing more closes until 200 s. The host advances the clock meanwhile.
        var live = new AlarmEvaluator([rule]);
        var got = Feed(live, windows.Take(10));
        for (var wall = 110; wall <= 200; wall += 10)
        {
            got.AddRange(live.AdvanceRunClocks(Pt.Ns(wall)));
        }

        var pagedDuringStall = got.ToList();
        got.AddRange(Feed(live, windows.Skip(10))); // the late windows close at once when data resumes

        Assert.Equal([(AlarmTransitionKind.Fired, Pt.Ns(160)), (AlarmTransitionKind.Resolved, Pt.Ns(210))], replayed.Select(t => (t.Kind, t.EventTimeNs)));
        Assert.Equal([(AlarmTransitionKind.Fired, Pt.Ns(160))], pagedDuringStall.Select(t => (t.Kind, t.EventTimeNs)));
        Assert.Equal(replayed.Select(t => (t.Kind, t.EventTimeNs)), got.Select(t => (t.Kind, t.EventTimeNs)));
    }
}

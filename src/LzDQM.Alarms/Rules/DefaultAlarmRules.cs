namespace LzDQM.Alarms.Rules;

/// <summary>
/// The default rules (SPEC §4, §6), tuned on <c>replay-data/</c>: each anomaly scenario raises
/// exactly one problem, the clean ones (science, kr83m-calibration) none, not even pending. The same
/// rules are in <c>alarms.default.json</c> (section <c>LzDQM:Alarms:Rules</c>) for a node to load or edit;
/// a test keeps both equal. Panel links point at the shifter overview (<c>d/lzdqm-overview</c>);
/// <c>{run}</c> in a panel is replaced by the run.
/// </summary>
public static class DefaultAlarmRules
{
    /// <summary>A fresh list of the default rules (callers may change them).</summary>
    public static IReadOnlyList<AlarmRule> Create() =>
    [
        // τ falls steadily (purity loss: 8 → 2 ms in 20 min). The 20-min window lags, so the
        // measured fall is ~10 ms/h at 7 min after onset; a 5-min span with a 3σ significance cut
        // (errors in quadrature, conservative because the windows overlap) ignores the partial
        // early windows and the statistical scatter of clean Kr-83m runs.
        new()
        {
            Name = "electron-lifetime-falling", ProblemName = "electron-lifetime",
            Description = "Electron lifetime (Kr-83m) is falling fast: the xenon purity is dropping (check the purification loop, getter, circulation).",
            Measurement = "dqm_electron_lifetime", Field = "tau_us", Tags = new() { ["population"] = "kr83m" },
            Condition = AlarmCondition.RateOfChange, Warn = -3000, RateSpanSeconds = 300,
            ErrorField = "tau_err_us", MinSignificance = 3, MaxError = 1000, MinEvents = 2000,
            Panel = "d/lzdqm-overview?var-run={run}&var-population=kr83m&viewPanel=14",
        },

        // τ itself low: nominal 6.5 ms, the purity-loss scenario ends at 2 ms. Only well-measured
        // windows count (σ ≤ 500 µs, ≥ 2000 Kr-83m events). Same problem as the fall: a purity loss
        // pages once (whichever fires first); the other updates that page.
        new()
        {
            Name = "electron-lifetime-low", ProblemName = "electron-lifetime",
            Description = "Electron lifetime (Kr-83m) is low: S2 signals from the bottom of the TPC are attenuated; the xenon purity is poor.",
            Measurement = "dqm_electron_lifetime", Field = "tau_us", Tags = new() { ["population"] = "kr83m" },
            Condition = AlarmCondition.Below, Warn = 3000, Critical = 2000, Clear = 3300,
            ErrorField = "tau_err_us", MaxError = 500, MinEvents = 2000,
            Panel = "d/lzdqm-overview?var-run={run}&var-population=kr83m&viewPanel=14",
        },

        // Cathode edge at 953.6 µs nominal (193 V/cm); clean windows scatter ±5 µs (σ ≈ 3 µs).
        // Warn at 20 µs (2 %), critical at 48 µs (5 %, the HV-sag criterion); clears at 15 µs.
        new()
        {
            Name = "cathode-edge-moved",
            Description = "The cathode edge of the drift-time spectrum moved: the drift field changed (cathode HV sagging or tripping).",
            Measurement = "dqm_drift", Field = "cathode_us",
            Condition = AlarmCondition.OutsideBand, Nominal = 953.6, Warn = 20, Critical = 48, Clear = 15,
            ErrorField = "cathode_err_us", MaxError = 10, MinEvents = 500,
            Panel = "d/lzdqm-overview?var-run={run}&viewPanel=15",
        },

        // σ₀ 0.80 µs nominal, clean windows within ±0.002 µs; the liquid-level rise takes it to
        // 0.64 µs. Warn at 0.02 µs (2.5 %), critical at 0.08 µs (10 %).
        new()
        {
            Name = "s2-width-moved",
            Description = "The S2 intrinsic width σ₀ moved: the liquid level (gas gap) changed; check the TPC levelling and the weir.",
            Measurement = "dqm_s2_width", Field = "sigma0_us",
            Condition = AlarmCondition.OutsideBand, Nominal = 0.80, Warn = 0.02, Critical = 0.08, Clear = 0.015, MinEvents = 500,
            Panel = "d/lzdqm-overview?var-run={run}&viewPanel=16",
        },

        // SE pulses: ~80 Hz in science, ~255 Hz with 200 Hz of Kr-83m; an electron-train burst
        // ×10 goes to ~800 Hz. Warn at 500 Hz, clears below 400 Hz. No pending time: a 60-s window
        // above 500 Hz is already a sustained burst (clean windows sit > 100σ below), and the page
        // must leave within one window step of the crossing (issue 5).
        new()
        {
            Name = "se-rate-spike",
            Description = "Single-electron pulse rate spike: electron emission burst or a hot PMT; data in this period may be unusable.",
            Measurement = "dqm_pulse_rate", Field = "hz", Tags = new() { ["pulse_class"] = "se" },
            Condition = AlarmCondition.Above, Warn = 500, Critical = 5000, Clear = 400,
            Panel = "d/lzdqm-overview?var-run={run}&viewPanel=13",
        },

        // Live fraction ~0.998 in science, 0.988 with Kr-83m, 0.93 for a minute after a DAQ stall;
        // the dead-time burst gives 0.86. Warn below 0.9 (no pending time: a 60-s window below it is
        // already sustained), clears above 0.92.
        new()
        {
            Name = "live-fraction-low",
            Description = "DAQ live fraction is low: dead time is eating exposure (DAQ back-pressure, buffer or readout problem).",
            Measurement = "dqm_trigger_rate", Field = "live_fraction", Tags = new() { ["trigger_type"] = "all" },
            Condition = AlarmCondition.Below, Warn = 0.9, Critical = 0.7, Clear = 0.92,
            Panel = "d/lzdqm-overview?var-run={run}&viewPanel=17",
        },

        // No triggers for 60 s (the trigger-rate window is 60 s: an empty window proves 60 s of
        // silence, so this pages at the first empty window). Critical: no physics data is taken.
        new()
        {
            Name = "no-data",
            Description = "No triggers from the DAQ: data taking has stalled (DAQ, trigger or event builder); no physics data is being recorded.",
            Measurement = "dqm_trigger_rate", Field = "count", Tags = new() { ["trigger_type"] = "all" },
            Condition = AlarmCondition.NoData, Critical = 60, DataWindowSeconds = 60,
            Panel = "d/lzdqm-overview?var-run={run}&viewPanel=12",
        },
    ];
}

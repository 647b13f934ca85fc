namespace LzDQM.Simulation.Scenarios;

/// <summary>
/// A time-dependent input of the detector model: its JSON name, default (SPEC §1) and meaning.
/// Every scenario has every parameter; a scenario file lists only those it changes.
/// </summary>
/// <param name="Name">JSON name, snake_case with its unit.</param>
/// <param name="Default">Value when the scenario does not set it.</param>
/// <param name="Description">What it is, for the documentation and <c>--help</c>.</param>
public sealed record ScenarioParameter(string Name, double Default, string Description)
{
    /// <summary>Electron lifetime τ in the liquid, µs.</summary>
    public const string ElectronLifetimeUs = "electron_lifetime_us";

    /// <summary>Drift field, V/cm; sets the drift velocity and the recombination.</summary>
    public const string DriftFieldVPerCm = "drift_field_v_per_cm";

    /// <summary>Drift time of electrons from just under the gate, µs.</summary>
    public const string GateUs = "gate_us";

    /// <summary>Liquid surface height above the gate, mm; the gas gap is the rest of the 8 mm to the anode.</summary>
    public const string LiquidLevelMm = "liquid_level_mm";

    /// <summary>Longitudinal diffusion constant D_L, cm²/s.</summary>
    public const string DiffusionCm2PerS = "diffusion_cm2_per_s";

    /// <summary>Single-electron size at the nominal 3 mm gas gap, phd.</summary>
    public const string SeSizeNominalPhd = "se_size_nominal_phd";

    /// <summary>Fraction of electrons reaching the surface that are extracted into the gas.</summary>
    public const string ExtractionEfficiency = "extraction_efficiency";

    /// <summary>S1 photon detection efficiency g1, phd/photon.</summary>
    public const string G1 = "g1_phd_per_photon";

    /// <summary>Electron-recoil single scatters (betas, low-energy gammas), Hz.</summary>
    public const string ErSingleHz = "er_single_scatter_hz";

    /// <summary>Electron-recoil multiple scatters (MeV gammas), Hz.</summary>
    public const string ErMultipleHz = "er_multiple_scatter_hz";

    /// <summary>Nuclear-recoil single scatters (neutrons), Hz.</summary>
    public const string NrSingleHz = "nr_single_scatter_hz";

    /// <summary>S2-only triggers: few-electron S2s without S1 (surface emission, electron-train bursts), Hz.</summary>
    public const string S2OnlyHz = "s2_only_hz";

    /// <summary>S1-triggered events below the cathode (reverse-field region, no S2), Hz.</summary>
    public const string BelowCathodeS1Hz = "below_cathode_s1_hz";

    /// <summary>Random (unbiased) triggers, Hz.</summary>
    public const string RandomTriggerHz = "random_trigger_hz";

    /// <summary>LED calibration triggers, Hz.</summary>
    public const string LedTriggerHz = "led_trigger_hz";

    /// <summary>External triggers, Hz.</summary>
    public const string ExternalTriggerHz = "external_trigger_hz";

    /// <summary>Single electrons emitted at random (not following an S2), Hz over the whole detector.</summary>
    public const string SeBaselineHz = "se_baseline_hz";

    /// <summary>Single electrons trailing an S2, per extracted electron of that S2 (electron-train strength).</summary>
    public const string SeTrainPerElectron = "se_train_per_electron";

    /// <summary>Isolated single-photoelectron pulses (PMT dark counts above the pulse finder's threshold), Hz.</summary>
    public const string SpeRateHz = "spe_rate_hz";

    /// <summary>DAQ dead time after each recorded trigger, µs (non-paralysable).</summary>
    public const string DeadtimePerTriggerUs = "deadtime_per_trigger_us";

    /// <summary>1 while the DAQ issues triggers, 0 while it is stalled (values below 0.5 mean stalled).</summary>
    public const string DaqRunning = "daq_running";

    /// <summary>Every parameter with its default, in documentation order.</summary>
    public static IReadOnlyList<ScenarioParameter> All { get; } =
    [
        new(ElectronLifetimeUs, 6500, "electron lifetime τ in µs: S2 = S2₀·exp(−t_drift/τ)"),
        new(DriftFieldVPerCm, 193, "drift field in V/cm; drift velocity = 1.53 mm/µs·(E/193 V/cm)^0.25, recombination rises as E falls"),
        new(GateUs, 2.0, "drift time of electrons from just under the gate, µs (gate edge of the drift-time spectrum)"),
        new(LiquidLevelMm, 5.0, "liquid surface above the gate in mm; gas gap = 8 mm − level; σ₀ and SE size scale with the gas gap"),
        new(DiffusionCm2PerS, 18, "longitudinal diffusion D_L in cm²/s: σ_t² = σ₀² + 2·D_L·t/v²"),
        new(SeSizeNominalPhd, 58, "single-electron size at the nominal 3 mm gas gap, phd (σ 25 %)"),
        new(ExtractionEfficiency, 0.81, "electron extraction efficiency liquid→gas; g2 = SE size × extraction"),
        new(G1, 0.114, "S1 photon detection efficiency g1, phd per photon"),
        new(ErSingleHz, 3, "ER single scatters (betas, Compton single scatters) in Hz, flat 1.5–2000 keV"),
        new(ErMultipleHz, 11, "ER multiple scatters (MeV gammas) in Hz, 2–3 sites"),
        new(NrSingleHz, 0.1, "NR single scatters (neutrons) in Hz, 5–60 keVnr"),
        new(S2OnlyHz, 23, "S2-triggered few-electron S2s (3–150 electrons emitted at the surface, width σ₀) without an S1 in Hz"),
        new(BelowCathodeS1Hz, 2, "S1-triggered events below the cathode (no S2) in Hz"),
        new(RandomTriggerHz, 1, "random triggers in Hz: the window holds only noise (SPE, baseline SE)"),
        new(LedTriggerHz, 0, "LED triggers in Hz"),
        new(ExternalTriggerHz, 0, "external triggers in Hz"),
        new(SeBaselineHz, 150, "single electrons emitted at random over the detector, Hz"),
        new(SeTrainPerElectron, 0.0002, "single electrons trailing an S2 per extracted electron of that S2 (electron-train strength)"),
        new(SpeRateHz, 400, "isolated SPE pulses (dark counts above threshold) in Hz; ×4.5 ms window = 1.8 per event"),
        new(DeadtimePerTriggerUs, 50, "DAQ dead time after each recorded trigger in µs (non-paralysable)"),
        new(DaqRunning, 1, "1 while the DAQ issues triggers, 0 while stalled"),
    ];

    /// <summary>Looks a parameter up by JSON name.</summary>
    public static bool TryFind(string name, out ScenarioParameter parameter)
    {
        parameter = All.FirstOrDefault(p => p.Name == name)!;
        return parameter is not null;
    }
}

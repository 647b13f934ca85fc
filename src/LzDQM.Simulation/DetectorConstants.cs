namespace LzDQM.Simulation;

/// <summary>Fixed properties of the simulated LZ-like TPC (SPEC §1); time-dependent ones are scenario parameters.</summary>
public static class DetectorConstants
{
    /// <summary>Drift length, cathode to gate, mm.</summary>
    public const double DriftLengthMm = 1456;

    /// <summary>Anode height above the gate, mm.</summary>
    public const double AnodeAboveGateMm = 8;

    /// <summary>Nominal liquid level above the gate, mm (gas gap 3 mm).</summary>
    public const double NominalLiquidLevelMm = 5;

    /// <summary>Drift velocity at the nominal field, mm/µs.</summary>
    public const double NominalDriftVelocityMmPerUs = 1.53;

    /// <summary>Nominal drift field, V/cm.</summary>
    public const double NominalDriftFieldVPerCm = 193;

    /// <summary>Exponent of the drift velocity's field dependence near 200 V/cm: v ∝ E^0.25.</summary>
    public const double DriftVelocityFieldExponent = 0.25;

    /// <summary>S2 intrinsic RMS width at the nominal 3 mm gas gap, µs (scales with the gap).</summary>
    public const double NominalSigma0Us = 0.8;

    /// <summary>Relative SE-size change per relative gas-gap change (gain ∝ gap, partly offset by the higher gas field).</summary>
    public const double SeSizeGapSensitivity = 0.6;

    /// <summary>Relative SE-size resolution.</summary>
    public const double SeResolution = 0.25;

    /// <summary>Mean energy per quantum (photon or electron) in liquid xenon, keV.</summary>
    public const double WorkFunctionKeV = 0.0137;

    /// <summary>Top PMTs.</summary>
    public const int TopPmts = 253;

    /// <summary>Bottom PMTs.</summary>
    public const int BottomPmts = 241;

    /// <summary>Event window before the trigger, µs.</summary>
    public const double PreTriggerUs = 2000;

    /// <summary>Event window after the trigger, µs.</summary>
    public const double PostTriggerUs = 2500;

    /// <summary>Digitiser sample, µs: pulse starts are multiples of it.</summary>
    public const double SampleUs = 0.01;

    /// <summary>Kr-83m energy deposit (32.1 + 9.4 keV), keV.</summary>
    public const double Kr83mEnergyKeV = 41.5;

    /// <summary>Kr-83m half-life, hours.</summary>
    public const double Kr83mHalfLifeHours = 1.83;

    /// <summary>All PMTs.</summary>
    public const int Pmts = TopPmts + BottomPmts;

    /// <summary>Drift velocity at a drift field.</summary>
    public static double DriftVelocityMmPerUs(double fieldVPerCm) =>
        NominalDriftVelocityMmPerUs * Math.Pow(fieldVPerCm / NominalDriftFieldVPerCm, DriftVelocityFieldExponent);

    /// <summary>Gas gap between liquid surface and anode, mm.</summary>
    public static double GasGapMm(double liquidLevelMm) => AnodeAboveGateMm - liquidLevelMm;

    /// <summary>S2 intrinsic width σ₀ at a liquid level, µs: proportional to the gas gap the electrons cross.</summary>
    public static double Sigma0Us(double liquidLevelMm) =>
        NominalSigma0Us * GasGapMm(liquidLevelMm) / GasGapMm(NominalLiquidLevelMm);

    /// <summary>SE size at a liquid level given its nominal (3 mm gap) size, phd.</summary>
    public static double SeSizePhd(double nominalPhd, double liquidLevelMm) =>
        nominalPhd * (1 + (SeSizeGapSensitivity * ((GasGapMm(liquidLevelMm) / GasGapMm(NominalLiquidLevelMm)) - 1)));

    /// <summary>Every constant by name, for the truth file.</summary>
    public static IReadOnlyDictionary<string, double> ToDictionary() => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["drift_length_mm"] = DriftLengthMm,
        ["anode_above_gate_mm"] = AnodeAboveGateMm,
        ["nominal_liquid_level_mm"] = NominalLiquidLevelMm,
        ["nominal_drift_velocity_mm_per_us"] = NominalDriftVelocityMmPerUs,
        ["nominal_drift_field_v_per_cm"] = NominalDriftFieldVPerCm,
        ["drift_velocity_field_exponent"] = DriftVelocityFieldExponent,
        ["nominal_sigma0_us"] = NominalSigma0Us,
        ["se_size_gap_sensitivity"] = SeSizeGapSensitivity,
        ["se_resolution"] = SeResolution,
        ["work_function_kev"] = WorkFunctionKeV,
        ["top_pmts"] = TopPmts,
        ["bottom_pmts"] = BottomPmts,
        ["pre_trigger_us"] = PreTriggerUs,
        ["post_trigger_us"] = PostTriggerUs,
        ["sample_us"] = SampleUs,
        ["kr83m_energy_kev"] = Kr83mEnergyKeV,
        ["kr83m_half_life_hours"] = Kr83mHalfLifeHours,
    };
}

using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Physics;

/// <summary>
/// The detector's state at one instant: scenario parameters and the quantities derived from
/// them (drift velocity, cathode, σ₀, SE size, g2, diffusion slope). A plain value.
/// </summary>
public readonly record struct DetectorConditions
{
    /// <summary>Electron lifetime, µs.</summary>
    public double ElectronLifetimeUs { get; init; }

    /// <summary>Drift field, V/cm.</summary>
    public double DriftFieldVPerCm { get; init; }

    /// <summary>Drift velocity, mm/µs.</summary>
    public double DriftVelocityMmPerUs { get; init; }

    /// <summary>Gate edge of the drift-time spectrum, µs.</summary>
    public double GateUs { get; init; }

    /// <summary>Cathode edge: gate + drift length / drift velocity, µs.</summary>
    public double CathodeUs => GateUs + (DetectorConstants.DriftLengthMm / DriftVelocityMmPerUs);

    /// <summary>Liquid level above the gate, mm.</summary>
    public double LiquidLevelMm { get; init; }

    /// <summary>S2 intrinsic RMS width, µs.</summary>
    public double Sigma0Us => DetectorConstants.Sigma0Us(LiquidLevelMm);

    /// <summary>Longitudinal diffusion constant, cm²/s.</summary>
    public double DiffusionCm2PerS { get; init; }

    /// <summary>d(σ²)/d(t_drift) = 2·D_L/v², µs²/µs (1 cm²/s = 10⁻⁴ mm²/µs).</summary>
    public double WidthSlopeUs2PerUs => 2 * DiffusionCm2PerS * 1e-4 / (DriftVelocityMmPerUs * DriftVelocityMmPerUs);

    /// <summary>Single-electron size at the nominal gas gap, phd.</summary>
    public double SeSizeNominalPhd { get; init; }

    /// <summary>Single-electron size at the current liquid level, phd.</summary>
    public double SeSizePhd => DetectorConstants.SeSizePhd(SeSizeNominalPhd, LiquidLevelMm);

    /// <summary>Extraction efficiency.</summary>
    public double ExtractionEfficiency { get; init; }

    /// <summary>g2 = SE size × extraction efficiency, phd per electron at the surface.</summary>
    public double G2 => SeSizePhd * ExtractionEfficiency;

    /// <summary>g1, phd per photon.</summary>
    public double G1 { get; init; }

    /// <summary>Random single-electron rate, Hz.</summary>
    public double SeBaselineHz { get; init; }

    /// <summary>Trailing SEs per extracted electron.</summary>
    public double SeTrainPerElectron { get; init; }

    /// <summary>Isolated SPE pulse rate, Hz.</summary>
    public double SpeRateHz { get; init; }

    /// <summary>DAQ dead time per recorded trigger, µs.</summary>
    public double DeadtimePerTriggerUs { get; init; }

    /// <summary>
    /// Fraction of an electron-recoil's quanta that leave as photons (the rest as electrons) at
    /// this field: 0.577 at 193 V/cm (Kr-83m: S1 ≈ 200 phd, S2₀ ≈ 6×10⁴ phd), recombination rising as the field falls.
    /// </summary>
    public double ErPhotonFraction => 0.577 + (0.045 * Math.Log(DetectorConstants.NominalDriftFieldVPerCm / DriftFieldVPerCm));

    /// <summary>Mean Kr-83m S1, phd.</summary>
    public double Kr83mS1MeanPhd => G1 * ErPhotonFraction * DetectorConstants.Kr83mEnergyKeV / DetectorConstants.WorkFunctionKeV;

    /// <summary>Mean Kr-83m S2 at zero drift time (S2₀), phd.</summary>
    public double Kr83mS2ZeroPhd => G2 * (1 - ErPhotonFraction) * DetectorConstants.Kr83mEnergyKeV / DetectorConstants.WorkFunctionKeV;

    /// <summary>Evaluates the scenario at <paramref name="tSeconds"/> (random access).</summary>
    public static DetectorConditions At(Scenario scenario, double tSeconds) => new()
    {
        ElectronLifetimeUs = scenario.At(ScenarioParameter.ElectronLifetimeUs, tSeconds),
        DriftFieldVPerCm = scenario.At(ScenarioParameter.DriftFieldVPerCm, tSeconds),
        DriftVelocityMmPerUs = DetectorConstants.DriftVelocityMmPerUs(scenario.At(ScenarioParameter.DriftFieldVPerCm, tSeconds)),
        GateUs = scenario.At(ScenarioParameter.GateUs, tSeconds),
        LiquidLevelMm = scenario.At(ScenarioParameter.LiquidLevelMm, tSeconds),
        DiffusionCm2PerS = scenario.At(ScenarioParameter.DiffusionCm2PerS, tSeconds),
        SeSizeNominalPhd = scenario.At(ScenarioParameter.SeSizeNominalPhd, tSeconds),
        ExtractionEfficiency = scenario.At(ScenarioParameter.ExtractionEfficiency, tSeconds),
        G1 = scenario.At(ScenarioParameter.G1, tSeconds),
        SeBaselineHz = scenario.At(ScenarioParameter.SeBaselineHz, tSeconds),
        SeTrainPerElectron = scenario.At(ScenarioParameter.SeTrainPerElectron, tSeconds),
        SpeRateHz = scenario.At(ScenarioParameter.SpeRateHz, tSeconds),
        DeadtimePerTriggerUs = scenario.At(ScenarioParameter.DeadtimePerTriggerUs, tSeconds),
    };
}

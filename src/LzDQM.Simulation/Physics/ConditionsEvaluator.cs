using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Physics;

/// <summary>
/// <see cref="DetectorConditions"/> at non-decreasing times, for the per-event path.
/// Not thread-safe.
/// </summary>
internal sealed class ConditionsEvaluator
{
    private static readonly string[] Order =
    [
        ScenarioParameter.ElectronLifetimeUs, ScenarioParameter.DriftFieldVPerCm, ScenarioParameter.GateUs,
        ScenarioParameter.LiquidLevelMm, ScenarioParameter.DiffusionCm2PerS, ScenarioParameter.SeSizeNominalPhd,
        ScenarioParameter.ExtractionEfficiency, ScenarioParameter.G1, ScenarioParameter.SeBaselineHz,
        ScenarioParameter.SeTrainPerElectron, ScenarioParameter.SpeRateHz, ScenarioParameter.DeadtimePerTriggerUs,
    ];

    private readonly ConditionsTrack _track;
    private double _lastField = double.NaN;
    private double _lastVelocity;

    public ConditionsEvaluator(Scenario scenario) => _track = new ConditionsTrack(scenario, Order);

    public DetectorConditions At(double tSeconds)
    {
        var v = _track.At(tSeconds);
        if (v[1] != _lastField)
        {
            _lastField = v[1];
            _lastVelocity = DetectorConstants.DriftVelocityMmPerUs(v[1]);
        }

        return new DetectorConditions
        {
            ElectronLifetimeUs = v[0],
            DriftFieldVPerCm = v[1],
            DriftVelocityMmPerUs = _lastVelocity,
            GateUs = v[2],
            LiquidLevelMm = v[3],
            DiffusionCm2PerS = v[4],
            SeSizeNominalPhd = v[5],
            ExtractionEfficiency = v[6],
            G1 = v[7],
            SeBaselineHz = v[8],
            SeTrainPerElectron = v[9],
            SpeRateHz = v[10],
            DeadtimePerTriggerUs = v[11],
        };
    }
}

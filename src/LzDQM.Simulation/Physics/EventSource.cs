using LzDQM.Contracts.V1;
using LzDQM.Simulation.Scenarios;

namespace LzDQM.Simulation.Physics;

/// <summary>What caused a trigger; each has its own rate and pulse pattern.</summary>
public enum EventSource
{
    /// <summary>Electron-recoil single scatter (S2 trigger).</summary>
    ErSingleScatter,

    /// <summary>Electron-recoil multiple scatter (S2 trigger, 2–3 S2s).</summary>
    ErMultipleScatter,

    /// <summary>Nuclear-recoil single scatter (S2 trigger).</summary>
    NrSingleScatter,

    /// <summary>Kr-83m decay (S2 trigger).</summary>
    Kr83m,

    /// <summary>Few-electron S2 without an S1 (S2 trigger).</summary>
    S2Only,

    /// <summary>Interaction below the cathode: S1, no S2 (S1 trigger).</summary>
    BelowCathodeS1,

    /// <summary>Random trigger: noise only.</summary>
    Random,

    /// <summary>LED flash.</summary>
    Led,

    /// <summary>External trigger: noise only.</summary>
    External,
}

/// <summary>Trigger type and rate parameter of each <see cref="EventSource"/>.</summary>
public static class EventSources
{
    /// <summary>All sources in a fixed order (the order the trigger process picks them in).</summary>
    public static IReadOnlyList<EventSource> All { get; } = Enum.GetValues<EventSource>();

    /// <summary>The trigger type the DAQ records for a source.</summary>
    public static TriggerType TriggerTypeOf(this EventSource source) => source switch
    {
        EventSource.BelowCathodeS1 => TriggerType.S1,
        EventSource.Random => TriggerType.Random,
        EventSource.Led => TriggerType.Led,
        EventSource.External => TriggerType.External,
        _ => TriggerType.S2,
    };

    /// <summary>The scenario parameter holding a source's rate, or null for Kr-83m (its own decay law).</summary>
    public static string? RateParameterOf(this EventSource source) => source switch
    {
        EventSource.ErSingleScatter => ScenarioParameter.ErSingleHz,
        EventSource.ErMultipleScatter => ScenarioParameter.ErMultipleHz,
        EventSource.NrSingleScatter => ScenarioParameter.NrSingleHz,
        EventSource.S2Only => ScenarioParameter.S2OnlyHz,
        EventSource.BelowCathodeS1 => ScenarioParameter.BelowCathodeS1Hz,
        EventSource.Random => ScenarioParameter.RandomTriggerHz,
        EventSource.Led => ScenarioParameter.LedTriggerHz,
        EventSource.External => ScenarioParameter.ExternalTriggerHz,
        _ => null,
    };

    /// <summary>Physical rate of a source at a run time, Hz (before dead time).</summary>
    public static double RateAt(this EventSource source, Scenario scenario, double tSeconds) =>
        source == EventSource.Kr83m ? scenario.Kr83m.RateAt(tSeconds) : scenario.At(source.RateParameterOf()!, tSeconds);
}

namespace LzDQM.Kernel;

/// <summary>Measurement names and tag values of SPEC §3.</summary>
public static class MetricNames
{
    /// <summary>Trigger rates.</summary>
    public const string TriggerRate = "dqm_trigger_rate";

    /// <summary>Pulse rates.</summary>
    public const string PulseRate = "dqm_pulse_rate";

    /// <summary>Electron lifetime.</summary>
    public const string ElectronLifetime = "dqm_electron_lifetime";

    /// <summary>Drift-time edges.</summary>
    public const string Drift = "dqm_drift";

    /// <summary>S2 width.</summary>
    public const string S2Width = "dqm_s2_width";

    /// <summary>Tag values of trigger_type, indexed by TriggerType (0 unspecified has none of its own).</summary>
    public static readonly string?[] TriggerTypes = [null, "s2", "s1", "random", "external", "led"];

    /// <summary>Tag values of pulse_class, indexed by PulseClass.</summary>
    public static readonly string?[] PulseClasses = [null, "s1", "s2", "se", "spe", "other"];
}

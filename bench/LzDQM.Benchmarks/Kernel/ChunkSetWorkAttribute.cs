namespace LzDQM.Benchmarks.Kernel;

/// <summary>
/// How many times one operation of a kernel benchmark goes through the chunk set's pulses and
/// triggers (<see cref="KernelChunkSet"/>), for the Pulses/s and Triggers/s columns.
/// </summary>
/// <param name="pulseSets">Passes over the set's pulses per operation (0: none).</param>
/// <param name="triggerSets">Passes over the set's triggers per operation (0: none).</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChunkSetWorkAttribute(int pulseSets, int triggerSets) : Attribute
{
    /// <summary>Passes over the set's pulses per operation.</summary>
    public int PulseSets { get; } = pulseSets;

    /// <summary>Passes over the set's triggers per operation.</summary>
    public int TriggerSets { get; } = triggerSets;
}

namespace LzDQM.Kernel;

/// <summary>
/// A sliding window in event time: <see cref="LengthNs"/> long, a new window closing every
/// <see cref="StepNs"/>. Window ends are multiples of the step since the Unix epoch, so any
/// chunking or partitioning of the same events gives the same windows. The length must be
/// a whole number of steps.
/// </summary>
/// <param name="LengthNs">Window length in ns.</param>
/// <param name="StepNs">Step (and pane size) in ns.</param>
public readonly record struct WindowSpec(long LengthNs, long StepNs)
{
    /// <summary>Panes (steps) per window.</summary>
    public int Panes => (int)(LengthNs / StepNs);

    /// <summary>A window spec from lengths in seconds.</summary>
    public static WindowSpec FromSeconds(double lengthSeconds, double stepSeconds) =>
        new((long)Math.Round(lengthSeconds * 1e9), (long)Math.Round(stepSeconds * 1e9));

    /// <summary>Throws when the spec is unusable.</summary>
    public void Validate(string name)
    {
        if (StepNs <= 0 || LengthNs <= 0 || LengthNs % StepNs != 0 || LengthNs / StepNs > 10_000)
        {
            throw new ArgumentException($"window '{name}': length must be a positive whole number of steps (≤ 10000)");
        }
    }
}

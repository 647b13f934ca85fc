namespace LzDQM.Simulation.Scenarios;

/// <summary>
/// Kr-83m injected into the xenon: rate(t) = InitialHz·2^(−(t − InjectionS)/HalfLifeS) from the
/// injection on, 0 before. Each decay deposits 32.1 + 9.4 keV at one point (one merged S1, one S2).
/// </summary>
/// <param name="InitialHz">Decay rate at the injection time, Hz.</param>
/// <param name="InjectionS">Run time of the injection, s (negative: injected before the run).</param>
/// <param name="HalfLifeS">Half-life, s (1.83 h).</param>
public sealed record Kr83mSource(double InitialHz, double InjectionS = 0, double HalfLifeS = Kr83mSource.DefaultHalfLifeS)
{
    /// <summary>Kr-83m half-life, 1.83 h in seconds.</summary>
    public const double DefaultHalfLifeS = 1.83 * 3600;

    /// <summary>No Kr-83m.</summary>
    public static Kr83mSource None { get; } = new(0);

    /// <summary>Decay rate at run time <paramref name="tSeconds"/>, Hz.</summary>
    public double RateAt(double tSeconds) =>
        InitialHz <= 0 || tSeconds < InjectionS ? 0 : InitialHz * Math.Exp(-Math.Log(2) * (tSeconds - InjectionS) / HalfLifeS);
}

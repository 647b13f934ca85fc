namespace LzDQM.Kernel;

/// <summary>
/// Area cuts that pick a calibration population out of single scatters (SPEC §3), e.g. Kr-83m:
/// S1 in [100, 400] phd and S2 in [5e3, 1.5e5] phd.
/// </summary>
/// <param name="S1MinPhd">Lowest S1 area.</param>
/// <param name="S1MaxPhd">Highest S1 area.</param>
/// <param name="S2MinPhd">Lowest S2 area.</param>
/// <param name="S2MaxPhd">Highest S2 area.</param>
public readonly record struct PopulationCuts(float S1MinPhd, float S1MaxPhd, float S2MinPhd, float S2MaxPhd)
{
    /// <summary>The Kr-83m cuts of SPEC §3.</summary>
    public static PopulationCuts Kr83m { get; } = new(100f, 400f, 5e3f, 1.5e5f);

    /// <summary>True when both areas are inside the cuts (one branch for the caller: the four tests are combined with &amp;).</summary>
    public bool Contains(float s1, float s2) => (s1 >= S1MinPhd) & (s1 <= S1MaxPhd) & (s2 >= S2MinPhd) & (s2 <= S2MaxPhd);
}

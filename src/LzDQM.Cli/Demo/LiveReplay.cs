namespace LzDQM.Cli.Demo;

/// <summary>Replay progress.</summary>
/// <param name="Fraction">Share of the replay file published, 0..1.</param>
/// <param name="EventMinutes">Minutes of event time published.</param>
/// <param name="TotalMinutes">Minutes of event time in the replay.</param>
/// <param name="Held">True while the replay waits for the cluster to catch up.</param>
internal sealed record LiveReplay(double Fraction, double EventMinutes, double TotalMinutes, bool Held);

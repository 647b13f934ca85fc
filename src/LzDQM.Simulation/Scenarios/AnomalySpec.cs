namespace LzDQM.Simulation.Scenarios;

/// <summary>
/// An anomaly a scenario injects: which metric shows it and when it starts (and ends).
/// </summary>
/// <param name="Name">Short name, e.g. <c>purity-loss</c>.</param>
/// <param name="Metric">The metric that shows it as <c>measurement.field</c>, e.g. <c>dqm_electron_lifetime.tau_us</c>.</param>
/// <param name="OnsetS">Run time in seconds when it starts.</param>
/// <param name="EndS">Run time in seconds when it is over, or null when it lasts to the end.</param>
/// <param name="Description">What happens, in a shifter's words.</param>
/// <param name="RelatedMetrics">Other metrics that move with it.</param>
public sealed record AnomalySpec(string Name, string Metric, double OnsetS, double? EndS, string Description, IReadOnlyList<string>? RelatedMetrics = null);

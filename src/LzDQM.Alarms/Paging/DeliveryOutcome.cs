namespace LzDQM.Alarms.Paging;

/// <summary>The result of one delivery attempt and, when it failed, why (one line).</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Error">Why it failed, or null.</param>
public readonly record struct DeliveryOutcome(DeliveryStatus Status, string? Error);

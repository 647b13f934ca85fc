namespace LzDQM.Cli.Demo;

/// <summary>One open alarm as the live view shows it.</summary>
/// <param name="Name">Rule name (the <c>alarm</c> tag).</param>
/// <param name="Firing">True when firing, false when pending.</param>
/// <param name="Severity">warn or critical.</param>
internal sealed record LiveAlarm(string Name, bool Firing, string Severity);

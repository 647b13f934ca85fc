namespace LzDQM.Alarms.Evaluation;

/// <summary>What a transition reports of the point that caused it.</summary>
/// <param name="Value">The value for <c>dqm_alarm.value</c> (the field; the rate per hour; the silence in s).</param>
/// <param name="Text">The value as the message shows it, with its unit and context.</param>
/// <param name="BandSide">OutsideBand: +1 above the nominal, −1 below (the band edge reported as threshold).</param>
internal readonly record struct Reading(double Value, string Text, double BandSide);

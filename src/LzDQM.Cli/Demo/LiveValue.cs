namespace LzDQM.Cli.Demo;

/// <summary>A value with an optional 1σ error.</summary>
internal readonly record struct LiveValue(double Value, double? Error);

using LzDQM.Kernel;

namespace LzDQM.Reports;

/// <summary>How a <see cref="MetricReport"/> is drawn. Immutable.</summary>
public sealed record ReportOptions
{
    /// <summary>The windows the points were computed with (window-averaged truth and run start use them).</summary>
    public KernelOptions Kernel { get; init; } = new();

    /// <summary>Where the points came from, shown in the header (e.g. the .lp file).</summary>
    public string? Source { get; init; }

    /// <summary>When the report was made; null leaves the time out (byte-identical reports).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Plot size in pixels.</summary>
    public int PlotWidth { get; init; } = 1100;

    /// <summary>Plot height in pixels.</summary>
    public int PlotHeight { get; init; } = 400;
}

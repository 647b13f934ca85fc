namespace LzDQM.Kernel.Columns;

/// <summary>Which per-pulse columns a <see cref="PulseColumnReader"/> decodes; others are skipped in O(1).</summary>
[Flags]
public enum PulseFields
{
    /// <summary>Only the event-level columns.</summary>
    None = 0,

    /// <summary>pulse_class.</summary>
    Class = 1,

    /// <summary>area_phd.</summary>
    Area = 2,

    /// <summary>start_us.</summary>
    Start = 4,

    /// <summary>rms_width_us.</summary>
    Width = 8,

    /// <summary>top_fraction.</summary>
    TopFraction = 16,

    /// <summary>coincidence.</summary>
    Coincidence = 32,

    /// <summary>What the kernel needs.</summary>
    Kernel = Class | Area | Start | Width,

    /// <summary>Every column.</summary>
    All = Kernel | TopFraction | Coincidence,
}

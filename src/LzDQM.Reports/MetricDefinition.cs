using LzDQM.Kernel;

namespace LzDQM.Reports;

/// <summary>
/// One metric field as the report shows it: where its error is, its label and display unit, the
/// truth parameter it is compared with and the window it is averaged over. Immutable.
/// </summary>
/// <param name="Measurement">Measurement name.</param>
/// <param name="Field">Field name.</param>
/// <param name="ErrorField">Field holding its 1σ error, or null.</param>
/// <param name="Label">What it is, for people.</param>
/// <param name="Unit">Display unit ("" for a pure number).</param>
/// <param name="Scale">Display value = stored value × scale (µs → ms: 1e-3).</param>
/// <param name="SeriesTag">Tag that splits it into series (trigger_type, population...), or null.</param>
/// <param name="TruthFor">Truth parameter for a series' tag value, or null when there is none.</param>
/// <param name="Average">How the truth is averaged over the window.</param>
/// <param name="Window">The window the kernel computes it over.</param>
/// <param name="OnlySeries">The one series worth showing (S2₀ is a gain only for the mono-energetic Kr-83m population), or null for all.</param>
/// <param name="MinRelativeSpan">Smallest y range shown, as a fraction of the mean: a change far below
/// what matters (σ₀ steady to 0.1 %) is not blown up to fill the plot. 0: no floor.</param>
internal sealed record MetricDefinition(
    string Measurement,
    string Field,
    string? ErrorField,
    string Label,
    string Unit,
    double Scale,
    string? SeriesTag,
    Func<string?, string?> TruthFor,
    TruthAverage Average,
    Func<KernelOptions, WindowSpec> Window,
    double MinRelativeSpan = 0,
    string? OnlySeries = null)
{
    /// <summary><c>measurement.field</c>, as truth files name metrics.</summary>
    public string Key => Measurement + "." + Field;

    /// <summary>Axis label: label and unit.</summary>
    public string AxisLabel => Unit.Length == 0 ? Label : $"{Label} ({Unit})";
}

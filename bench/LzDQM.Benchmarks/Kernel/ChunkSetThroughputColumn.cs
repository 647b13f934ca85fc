using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LzDQM.Benchmarks.Kernel;

/// <summary>
/// Pulses/s or Triggers/s of a kernel benchmark: the pulses (triggers) one operation goes through,
/// from its <see cref="ChunkSetWorkAttribute"/> and the <see cref="KernelChunkSet"/>, divided by the
/// mean operation time. Empty for a benchmark that goes through none.
/// </summary>
/// <param name="triggers">False: pulses per second; true: triggers per second.</param>
public sealed class ChunkSetThroughputColumn(bool triggers) : IColumn
{
    /// <inheritdoc/>
    public string Id => "ChunkSetThroughput." + ColumnName;

    /// <inheritdoc/>
    public string ColumnName => triggers ? "Triggers/s" : "Pulses/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => triggers ? 1 : 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => $"{(triggers ? "Triggers" : "Pulses")} gone through per operation / mean operation time";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var work = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ChunkSetWorkAttribute>();
        var sets = work is null ? 0 : triggers ? work.TriggerSets : work.PulseSets;
        if (sets == 0 || summary[benchmarkCase]?.ResultStatistics is not { } stats)
        {
            return "-";
        }

        var set = KernelChunkSet.Instance;
        var perSecond = sets * (triggers ? set.Triggers : set.Pulses) / (stats.Mean * 1e-9);
        return (perSecond / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " M";
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

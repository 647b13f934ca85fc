using Microsoft.Extensions.Logging;

namespace LzDQM.Sinks;

/// <summary>
/// Where a node's metric points go (SPEC §5 <c>lzdqm node</c>: <c>--influx-url/-token/-org/-bucket</c>
/// or <c>--influx-v1-url/--influx-db</c>, and/or <c>--lp-out</c>), bound from configuration.
/// A destination whose section is absent stays null and is not used.
/// </summary>
public sealed class MetricDestinations
{
    /// <summary>InfluxDB v2 API (InfluxDB 2.x/3.x, 1.8+, VictoriaMetrics), or null.</summary>
    public InfluxV2Options? InfluxV2 { get; set; }

    /// <summary>InfluxDB 1.x API, or null.</summary>
    public InfluxV1Options? InfluxV1 { get; set; }

    /// <summary>Line-protocol file, or null.</summary>
    public LineProtocolFileOptions? LineProtocolFile { get; set; }

    /// <summary>Batching, memory bound and retries, the same for every destination.</summary>
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line reason when nothing or too much is configured.</summary>
    public void Validate()
    {
        if (InfluxV2 is null && InfluxV1 is null && LineProtocolFile is null)
        {
            throw new ArgumentException("no metric destination: give an InfluxDB (--influx-url … or --influx-v1-url …) and/or a line-protocol file (--lp-out)");
        }

        if (InfluxV2 is not null && InfluxV1 is not null)
        {
            throw new ArgumentException("both the InfluxDB v2 (--influx-url) and v1 (--influx-v1-url) APIs are configured: choose one");
        }

        Delivery.Validate();
    }

    /// <summary>
    /// Opens every configured sink, each behind its own <see cref="PointDelivery"/>, fanned out so a
    /// batch settles when all destinations have it. Throws <see cref="ArgumentException"/> on bad options.
    /// </summary>
    public FanOutDelivery CreateDelivery(ILoggerFactory? loggers = null)
    {
        Validate();
        var sinks = new List<IMetricSink>();
        try
        {
            if (InfluxV2 is not null)
            {
                sinks.Add(new InfluxV2Sink(InfluxV2));
            }

            if (InfluxV1 is not null)
            {
                sinks.Add(new InfluxV1Sink(InfluxV1));
            }

            if (LineProtocolFile is not null)
            {
                sinks.Add(new LineProtocolFileSink(LineProtocolFile));
            }
        }
        catch
        {
            foreach (var sink in sinks)
            {
                sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        var log = loggers?.CreateLogger<PointDelivery>();
        return new FanOutDelivery(sinks.Select(s => new PointDelivery(s, Delivery, log)), loggers?.CreateLogger<FanOutDelivery>());
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"MetricDestinations {{ InfluxV2 = {InfluxV2?.ToString() ?? "(none)"}, InfluxV1 = {InfluxV1?.ToString() ?? "(none)"}, LineProtocolFile = {LineProtocolFile?.ToString() ?? "(none)"}, Delivery = {Delivery} }}";
}

using System.Net.Sockets;
using InfluxDB.Client;
using InfluxDB.Client.Core.Exceptions;
using InfluxDB.Client.Writes;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// Writes through the InfluxDB v2 API (<c>/api/v2/write</c>) with InfluxDB.Client's
/// <see cref="WriteApiAsync"/>: InfluxDB 2.x/3.x, 1.8+ and VictoriaMetrics. One request per batch,
/// no retries here (<see cref="PointDelivery"/> retries). One call at a time.
/// </summary>
public sealed class InfluxV2Sink : IMetricSink
{
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writeApi;
    private readonly string _bucket;
    private readonly string _org;

    /// <summary>Creates the sink; throws <see cref="ArgumentException"/> on incomplete options.</summary>
    public InfluxV2Sink(InfluxV2Options options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"InfluxV2Options.Url must be an absolute URL such as http://localhost:8086 (was '{SecretRedaction.Url(options.Url)}')");
        }

        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new ArgumentException("InfluxV2Options.Bucket is required");
        }

        _bucket = options.Bucket;
        _org = options.Org;
        var clientOptions = new InfluxDBClientOptions(options.Url)
        {
            Org = options.Org,
            Bucket = options.Bucket,
            Timeout = options.Timeout,
        };
        if (options.ResolveToken() is { Length: > 0 } token)
        {
            clientOptions.Token = token;
        }

        _client = new InfluxDBClient(clientOptions);
        _writeApi = _client.GetWriteApiAsync();
        Description = $"influx-v2 {SecretRedaction.Url(options.Url)} org={options.Org} bucket={options.Bucket}";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return;
        }

        var data = new PointData[points.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = InfluxPointData.From(points[i]);
        }

        try
        {
            await _writeApi.WritePointsAsync(data, _bucket, _org, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var retryAfter = ex.RetryAfter is int s and > 0 ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
            var status = ex.Status;
            throw new SinkWriteException(
                status == 0 ? $"{Description}: no answer ({ex.Message})" : $"{Description}: HTTP {status}: {ex.Message}",
                status == 0 ? SinkFailure.Unavailable : SinkWriteException.Classify(status),
                status == 0 ? null : status,
                retryAfter,
                ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested &&
                                   ex is InfluxException or HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException)
        {
            // No HTTP answer at all: refused connection, reset, request timeout.
            throw new SinkWriteException($"{Description}: no answer ({ex.Message})", SinkFailure.Unavailable, null, null, ex);
        }
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}

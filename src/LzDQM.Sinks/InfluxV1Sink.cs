using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using LzDQM.Contracts.Metrics;

namespace LzDQM.Sinks;

/// <summary>
/// Writes through the InfluxDB 1.x API (<c>POST /write?db=DB&amp;precision=ns</c>), for servers
/// without the v2 API (Debian's influxd 1.6.7 answers <c>/api/v2/write</c> with 404). The line
/// protocol is formatted by InfluxDB.Client's PointData, as in <see cref="InfluxV2Sink"/>.
/// One request per batch, no retries here. One call at a time.
/// </summary>
public sealed class InfluxV1Sink : IMetricSink
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly Uri _writeUri;
    private readonly AuthenticationHeaderValue? _auth;

    /// <summary>Creates the sink; throws <see cref="ArgumentException"/> on incomplete options.</summary>
    public InfluxV1Sink(InfluxV1Options options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"InfluxV1Options.Url must be an absolute URL such as http://localhost:8086 (was '{SecretRedaction.Url(options.Url)}')");
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            throw new ArgumentException("InfluxV1Options.Database is required");
        }

        var query = new StringBuilder("write?db=").Append(Uri.EscapeDataString(options.Database)).Append("&precision=ns");
        if (!string.IsNullOrEmpty(options.RetentionPolicy))
        {
            query.Append("&rp=").Append(Uri.EscapeDataString(options.RetentionPolicy));
        }

        var root = options.Url.EndsWith('/') ? baseUri : new Uri(options.Url + "/");
        _writeUri = new Uri(root, query.ToString());
        if (!string.IsNullOrEmpty(options.Username))
        {
            // Basic auth in a header, not u=/p= in the URL, so the password never appears in a logged URL.
            var raw = Encoding.UTF8.GetBytes($"{options.Username}:{options.ResolvePassword()}");
            _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.Timeout,
        };
        Description = $"influx-v1 {SecretRedaction.Url(options.Url)} db={options.Database}";
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

        var body = new StringBuilder(points.Count * 160);
        foreach (var point in points)
        {
            body.Append(InfluxPointData.ToLineProtocol(point)).Append('\n');
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString())),
        };
        request.Content.Headers.ContentType = TextPlain;
        request.Headers.Authorization = _auth;

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested &&
                                   ex is HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException)
        {
            throw new SinkWriteException($"{Description}: no answer ({ex.Message})", SinkFailure.Unavailable, null, null, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var detail = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            throw new SinkWriteException(
                $"{Description}: HTTP {status} {response.StatusCode}: {detail}",
                SinkWriteException.Classify(status),
                status,
                retryAfter);
        }
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // influxd puts the reason in X-Influxdb-Error and in a JSON body {"error": "..."}.
        if (response.Headers.TryGetValues("X-Influxdb-Error", out var values))
        {
            return string.Join("; ", values);
        }

        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.Trim();
            return text.Length > 500 ? text[..500] + "…" : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return response.ReasonPhrase ?? response.StatusCode.ToString();
        }
    }
}

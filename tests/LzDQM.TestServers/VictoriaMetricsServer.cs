using System.Text.Json;

namespace LzDQM.TestServers;

/// <summary>
/// VictoriaMetrics (Debian's <c>victoria-metrics</c> package) started by a test: storage in a temp
/// dir, HTTP on a free loopback port, 100-year retention (so test windows of any date are kept),
/// no search latency offset (fresh samples are visible at once) and, by default, deduplication of
/// samples with the same timestamp (<c>-dedup.minScrapeInterval=1ms</c>: rewriting a window's point
/// replaces it, the upsert at-least-once delivery relies on). Ready when <c>/health</c> answers 200.
/// The binary is found on PATH, or at <c>$LZDQM_VICTORIA_METRICS</c>.
/// </summary>
public sealed class VictoriaMetricsServer : LocalServer
{
    private readonly bool _deduplicate;

    private VictoriaMetricsServer(string executable, bool deduplicate)
        : base("victoria-metrics", executable)
    {
        _deduplicate = deduplicate;
    }

    /// <summary>Starts a new server; throws with the apt package name when victoria-metrics is not installed.</summary>
    public static async Task<VictoriaMetricsServer> StartNewAsync(bool deduplicate = true, CancellationToken cancellationToken = default)
    {
        var server = new VictoriaMetricsServer(ServerBinary.Find("victoria-metrics", "LZDQM_VICTORIA_METRICS", "victoria-metrics"), deduplicate);
        try
        {
            await server.StartOnFreePortAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Makes recently written samples searchable now (<c>/internal/force_flush</c>).</summary>
    public async Task ForceFlushAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(new Uri("internal/force_flush", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Exports the raw samples of the series matching <paramref name="selector"/>
    /// (e.g. <c>{__name__=~"dqm_.*"}</c>), after a force flush.
    /// </summary>
    public async Task<IReadOnlyList<VictoriaMetricsSeries>> ExportAsync(string selector, CancellationToken cancellationToken = default)
    {
        await ForceFlushAsync(cancellationToken).ConfigureAwait(false);
        using var content = new FormUrlEncodedContent([new("match[]", selector)]);
        using var response = await Http.PostAsync(new Uri("api/v1/export", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"victoria-metrics export '{selector}' failed: HTTP {(int)response.StatusCode}: {text}");
        }

        var series = new List<VictoriaMetricsSeries>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var labels = doc.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var stamps = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToList();
            series.Add(new VictoriaMetricsSeries(labels, values, stamps));
        }

        return series;
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments()
    {
        yield return $"-storageDataPath={Path.Combine(RootDirectory, "data")}";
        yield return $"-httpListenAddr=127.0.0.1:{Port}";
        yield return "-retentionPeriod=100y";
        yield return "-search.latencyOffset=0s";
        yield return "-loggerLevel=ERROR";
        if (_deduplicate)
        {
            yield return "-dedup.minScrapeInterval=1ms";
        }
    }

    /// <inheritdoc/>
    protected override async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}

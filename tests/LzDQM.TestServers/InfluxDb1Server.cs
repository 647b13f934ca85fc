using System.Globalization;
using System.Text.Json;

namespace LzDQM.TestServers;

/// <summary>
/// InfluxDB 1.x (<c>influxd</c> from Debian's <c>influxdb</c> package, 1.6.7) started by a test:
/// its own config, meta, data and WAL directories in a temp dir, HTTP on a free loopback port,
/// reporting and background services off. Ready when <c>/ping</c> answers 204.
/// The binary is found on PATH, or at <c>$LZDQM_INFLUXD</c>.
/// </summary>
public sealed class InfluxDb1Server : LocalServer
{
    private readonly int _rpcPort = FreeTcpPort.Next();

    private InfluxDb1Server(string executable)
        : base("influxd", executable)
    {
    }

    /// <summary>Path of the generated config file.</summary>
    public string ConfigPath => Path.Combine(RootDirectory, "influxdb.conf");

    /// <summary>Starts a new server; throws with the apt package name when influxd is not installed.</summary>
    public static async Task<InfluxDb1Server> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var server = new InfluxDb1Server(ServerBinary.Find("influxd", "LZDQM_INFLUXD", "influxdb"));
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

    /// <summary>Runs <c>CREATE DATABASE</c> (idempotent).</summary>
    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default) =>
        await QueryAsync(null, $"CREATE DATABASE \"{database}\"", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs an InfluxQL statement (POST /query, timestamps as ns since the epoch) and returns the
    /// series of its first result; throws <see cref="InvalidOperationException"/> with the server's error.
    /// </summary>
    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string? database, string influxQl, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string> { ["q"] = influxQl, ["epoch"] = "ns" };
        if (database is not null)
        {
            form["db"] = database;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await Http.PostAsync(new Uri("query", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"influxd query '{influxQl}' failed: HTTP {(int)response.StatusCode}: {text}");
        }

        using var doc = JsonDocument.Parse(text);
        var result = doc.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"influxd query '{influxQl}' failed: {error.GetString()}");
        }

        var series = new List<InfluxSeries>();
        if (!result.TryGetProperty("series", out var all))
        {
            return series;
        }

        foreach (var s in all.EnumerateArray())
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (s.TryGetProperty("tags", out var t))
            {
                foreach (var p in t.EnumerateObject())
                {
                    tags[p.Name] = p.Value.GetString() ?? string.Empty;
                }
            }

            var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            var rows = s.GetProperty("values").EnumerateArray()
                .Select(r => (IReadOnlyList<JsonElement>)r.EnumerateArray().Select(v => v.Clone()).ToList())
                .ToList();
            series.Add(new InfluxSeries(s.GetProperty("name").GetString()!, tags, columns, rows));
        }

        return series;
    }

    /// <summary>
    /// The number of write requests influxd's HTTP service has answered since it started
    /// (<c>writeReq</c> of <c>/debug/vars</c>), to check how points were batched.
    /// </summary>
    public async Task<long> WriteRequestsAsync(CancellationToken cancellationToken = default)
    {
        var text = await Http.GetStringAsync(new Uri("debug/vars", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(text);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.Name.StartsWith("httpd", StringComparison.Ordinal) &&
                property.Value.GetProperty("values").TryGetProperty("writeReq", out var count))
            {
                return count.GetInt64();
            }
        }

        throw new InvalidOperationException("influxd /debug/vars has no httpd writeReq counter");
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> Arguments() => ["run", "-config", ConfigPath];

    /// <inheritdoc/>
    protected override void PrepareStart()
    {
        string Dir(string name) => Path.Combine(RootDirectory, name).Replace("\\", "/", StringComparison.Ordinal);
        var config = string.Format(
            CultureInfo.InvariantCulture,
            """
            reporting-disabled = true
            bind-address = "127.0.0.1:{0}"

            [meta]
              dir = "{2}"

            [data]
              dir = "{3}"
              wal-dir = "{4}"
              query-log-enabled = false
              index-version = "inmem"

            [retention]
              enabled = false

            [shard-precreation]
              enabled = false

            [monitor]
              store-enabled = false

            [continuous_queries]
              enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{1}"
              log-enabled = false

            [logging]
              level = "warn"
              suppress-logo = true
            """,
            _rpcPort,
            Port,
            Dir("meta"),
            Dir("data"),
            Dir("wal"));
        File.WriteAllText(ConfigPath, config);
    }

    /// <inheritdoc/>
    protected override async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("ping", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode == 204;
    }
}

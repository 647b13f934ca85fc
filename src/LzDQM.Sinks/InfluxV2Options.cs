namespace LzDQM.Sinks;

/// <summary>
/// Where the InfluxDB v2 API sink writes (InfluxDB 2.x/3.x, 1.8+ with its v2 compatibility API,
/// VictoriaMetrics). Bound from configuration; the token comes from the environment or a file.
/// </summary>
public sealed class InfluxV2Options
{
    /// <summary>Base URL, e.g. <c>http://localhost:8086</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>API token; may be empty for servers without authentication (VictoriaMetrics). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (e.g. a mounted secret), read when <see cref="Token"/> is empty.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Organisation (ignored by VictoriaMetrics).</summary>
    public string Org { get; set; } = string.Empty;

    /// <summary>Bucket.</summary>
    public string Bucket { get; set; } = string.Empty;

    /// <summary>How long one write request may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The token: <see cref="Token"/>, else the trimmed content of <see cref="TokenFile"/>, else null.</summary>
    public string? ResolveToken() => SecretRedaction.FromValueOrFile(Token, TokenFile, "InfluxV2Options.TokenFile");

    /// <inheritdoc/>
    public override string ToString() =>
        $"InfluxV2Options {{ Url = {SecretRedaction.Url(Url)}, Token = {SecretRedaction.Secret(Token)}, TokenFile = {TokenFile ?? "(none)"}, Org = {Org}, Bucket = {Bucket}, Timeout = {Timeout} }}";
}

namespace LzDQM.Sinks;

/// <summary>
/// Where the InfluxDB v1 API sink writes (<c>POST /write</c>: InfluxDB 1.x, e.g. Debian's 1.6.7).
/// Bound from configuration; the password comes from the environment or a file.
/// </summary>
public sealed class InfluxV1Options
{
    /// <summary>Base URL, e.g. <c>http://localhost:8086</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Database (must exist: the sink does not create it).</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>Retention policy; the database default when empty.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>User for basic authentication, when the server has auth enabled.</summary>
    public string? Username { get; set; }

    /// <summary>Password for basic authentication. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password (e.g. a mounted secret), read when <see cref="Password"/> is empty.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>How long one write request may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The password: <see cref="Password"/>, else the trimmed content of <see cref="PasswordFile"/>, else null.</summary>
    public string? ResolvePassword() => SecretRedaction.FromValueOrFile(Password, PasswordFile, "InfluxV1Options.PasswordFile");

    /// <inheritdoc/>
    public override string ToString() =>
        $"InfluxV1Options {{ Url = {SecretRedaction.Url(Url)}, Database = {Database}, RetentionPolicy = {RetentionPolicy ?? "(default)"}, Username = {Username ?? "(none)"}, Password = {SecretRedaction.Secret(Password)}, PasswordFile = {PasswordFile ?? "(none)"}, Timeout = {Timeout} }}";
}

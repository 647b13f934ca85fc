namespace LzDQM.Sinks;

/// <summary>Keeps secrets out of logs and ToString: tokens become <c>***</c>, URL user info is removed.</summary>
internal static class SecretRedaction
{
    /// <summary>"(none)" for an empty secret, "***" otherwise: presence is useful in a log, the value never.</summary>
    public static string Secret(string? value) => string.IsNullOrEmpty(value) ? "(none)" : "***";

    /// <summary>The URL without any user:password@ part.</summary>
    public static string Url(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "(none)";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return url;
        }

        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> when set, else the trimmed content of <paramref name="file"/>, else null.
    /// An unreadable file throws <see cref="ArgumentException"/> naming the option, never the content.
    /// </summary>
    public static string? FromValueOrFile(string? value, string? file, string option)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} '{file}' cannot be read: {ex.Message}", ex);
        }
    }
}

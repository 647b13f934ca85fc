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
}

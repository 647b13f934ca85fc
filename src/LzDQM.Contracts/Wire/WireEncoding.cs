namespace LzDQM.Contracts.Wire;

/// <summary>How a message value is encoded on the wire.</summary>
public enum WireEncoding : byte
{
    /// <summary>Binary protobuf (<c>application/x-protobuf</c>).</summary>
    Protobuf = 0,

    /// <summary>Protobuf canonical JSON (<c>application/json</c>).</summary>
    Json = 1,
}

/// <summary>Maps the <c>content-type</c> header to a <see cref="WireEncoding"/>.</summary>
public static class WireEncodings
{
    /// <summary>
    /// Parses a content-type header value. Absent or empty means protobuf (SPEC §2);
    /// parameters such as <c>; charset=utf-8</c> are ignored. Returns false for an unknown type.
    /// </summary>
    public static bool TryParse(string? contentType, out WireEncoding encoding)
    {
        encoding = WireEncoding.Protobuf;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        if (media.Equals(WireHeaders.Protobuf, StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (media.Equals(WireHeaders.Json, StringComparison.OrdinalIgnoreCase))
        {
            encoding = WireEncoding.Json;
            return true;
        }

        return false;
    }

    /// <summary>The header value for an encoding.</summary>
    public static string ToContentType(this WireEncoding encoding) =>
        encoding == WireEncoding.Json ? WireHeaders.Json : WireHeaders.Protobuf;
}

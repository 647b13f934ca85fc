using System.Text;
using Google.Protobuf;

namespace LzDQM.Contracts.Wire;

/// <summary>
/// Encodes and decodes wire messages in both content types of SPEC §2: binary protobuf and
/// protobuf's canonical JSON mapping. Decoding never throws on bad bytes; it returns
/// <see cref="ChunkRule.Undecodable"/> or <see cref="ChunkRule.UnknownContentType"/>.
/// Stateless and thread-safe.
/// </summary>
public static class ChunkCodec
{
    // Unknown JSON fields are ignored as binary protobuf ignores unknown field numbers, so a
    // producer that adds a field does not get its data dead-lettered by an older LzDQM.
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Encodes a message in the given encoding.</summary>
    public static byte[] Encode(IMessage message, WireEncoding encoding) =>
        encoding == WireEncoding.Json
            ? Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message))
            : message.ToByteArray();

    /// <summary>Decodes a value whose encoding is named by a <c>content-type</c> header value (null = protobuf).</summary>
    public static DecodeResult<T> Decode<T>(ReadOnlySpan<byte> value, string? contentType)
        where T : class, IMessage<T>, new() =>
        WireEncodings.TryParse(contentType, out var encoding)
            ? Decode<T>(value, encoding)
            : new DecodeResult<T>(null, new ChunkViolation(ChunkRule.UnknownContentType, $"content-type '{contentType}' is not supported"));

    /// <summary>Decodes a value in a known encoding.</summary>
    public static DecodeResult<T> Decode<T>(ReadOnlySpan<byte> value, WireEncoding encoding)
        where T : class, IMessage<T>, new()
    {
        try
        {
            var message = encoding == WireEncoding.Json
                ? Json.Parse<T>(Encoding.UTF8.GetString(value))
                : Parser<T>.Instance.ParseFrom(value);
            return new DecodeResult<T>(message, null);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
        {
            return new DecodeResult<T>(null, new ChunkViolation(ChunkRule.Undecodable,
                $"{typeof(T).Name} does not decode as {encoding}: {FirstLine(ex.Message)}"));
        }
    }

    private static string FirstLine(string s)
    {
        var nl = s.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? s : s[..nl];
    }

    private static class Parser<T>
        where T : class, IMessage<T>, new()
    {
        public static readonly MessageParser<T> Instance = new(() => new T());
    }
}

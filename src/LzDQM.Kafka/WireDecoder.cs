using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;

namespace LzDQM.Kafka;

/// <summary>
/// Turns a consumed Kafka message of the wire contract into its protobuf message, honouring the
/// <c>content-type</c> header (absent: binary protobuf; <c>application/json</c>: protobuf's
/// canonical JSON mapping). The message type follows from the topic. Never throws for bad
/// input: the result carries the reason. Stateless and thread-safe.
/// </summary>
public static class WireDecoder
{
    /// <summary>Decodes a consumed message.</summary>
    public static WireDecodeResult Decode(ConsumeResult<byte[]?, byte[]?> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string? contentType = null;
        if (result.Message.Headers is { } headers && headers.TryGetLastBytes(WireHeaders.ContentType, out var raw))
        {
            contentType = raw is null ? null : Encoding.UTF8.GetString(raw);
        }

        return Decode(result.Topic, result.Message.Key, result.Message.Value, contentType);
    }

    /// <summary>Decodes a message given its parts.</summary>
    public static WireDecodeResult Decode(string topic, byte[]? key, byte[]? value, string? contentType)
    {
        var keyText = key is null ? null : Encoding.ASCII.GetString(key);
        if (!WireEncodings.TryParse(contentType, out var encoding))
        {
            return new(topic, keyText, WireEncoding.Protobuf, null, $"unknown content-type '{contentType}'");
        }

        var descriptor = MessageFor(topic);
        if (descriptor is null)
        {
            return new(topic, keyText, encoding, null, $"topic '{topic}' carries no wire-contract message");
        }

        if (value is null || value.Length == 0)
        {
            // An empty protobuf is a valid all-defaults message, but no producer sends one: a chunk
            // without a run is bad input, and an empty JSON document is not JSON.
            return new(topic, keyText, encoding, null, "empty message value");
        }

        // One decoding policy for the whole product: the contracts' chunk codec.
        var (message, error) = topic switch
        {
            Topics.Pulses => Unpack(ChunkCodec.Decode<PulseChunk>(value, encoding)),
            Topics.Triggers => Unpack(ChunkCodec.Decode<TriggerChunk>(value, encoding)),
            _ => Unpack(ChunkCodec.Decode<RunControl>(value, encoding)),
        };
        return new(topic, keyText, encoding, message, error);
    }

    private static (IMessage? Message, string? Error) Unpack<T>(DecodeResult<T> result)
        where T : class, IMessage<T> =>
        (result.Message, result.Error?.Detail);

    /// <summary>The message type a topic carries, or null for topics outside the input contract.</summary>
    public static Google.Protobuf.Reflection.MessageDescriptor? MessageFor(string topic) => topic switch
    {
        Topics.Pulses => PulseChunk.Descriptor,
        Topics.Triggers => TriggerChunk.Descriptor,
        Topics.Runs => RunControl.Descriptor,
        _ => null,
    };
}

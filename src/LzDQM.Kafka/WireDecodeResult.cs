using Google.Protobuf;
using LzDQM.Contracts.Wire;

namespace LzDQM.Kafka;

/// <summary>
/// The outcome of decoding one Kafka message of the wire contract: the message, or why it is bad
/// input (SPEC §2: counted and dead-lettered by the caller, never thrown).
/// </summary>
/// <param name="Topic">Topic the message came from.</param>
/// <param name="Key">Kafka key as text (the run number), or null when absent.</param>
/// <param name="Encoding">Encoding the content-type header declared (protobuf when absent).</param>
/// <param name="Message">The decoded message, or null when decoding failed.</param>
/// <param name="Error">Why decoding failed, one line, or null on success.</param>
public sealed record WireDecodeResult(string Topic, string? Key, WireEncoding Encoding, IMessage? Message, string? Error)
{
    /// <summary>True when <see cref="Message"/> holds the decoded message.</summary>
    public bool Success => Message is not null;
}

using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;

namespace LzDQM.Kafka;

/// <summary>
/// Counts the events of an encoded chunk (entries of its <c>event</c> column, field 3) without
/// decoding the rest, for replay statistics. Thread-safe.
/// </summary>
public static class ChunkEventCounter
{
    private const int EventField = 3;

    /// <summary>Events in a replay record; 0 for run control or a value that does not parse.</summary>
    public static int Count(ReplayRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Topic == ReplayTopic.Runs)
        {
            return 0;
        }

        if (record.Encoding == WireEncoding.Json)
        {
            var decoded = WireDecoder.Decode(record.Topic.ToTopicName(), record.Key, record.Value, WireHeaders.Json);
            return decoded.Message switch
            {
                PulseChunk p => p.Event.Count,
                TriggerChunk t => t.Event.Count,
                _ => 0,
            };
        }

        return CountProtobuf(record.Value);
    }

    /// <summary>Entries of field 3 in a binary protobuf chunk (packed or not); 0 if malformed.</summary>
    public static int CountProtobuf(ReadOnlySpan<byte> value)
    {
        var count = 0;
        var pos = 0;
        while (pos < value.Length)
        {
            if (!TryVarint(value, ref pos, out var tag))
            {
                return 0;
            }

            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryVarint(value, ref pos, out _))
                    {
                        return 0;
                    }

                    count += field == EventField ? 1 : 0;
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2:
                    if (!TryVarint(value, ref pos, out var length) || length > (ulong)(value.Length - pos))
                    {
                        return 0;
                    }

                    if (field == EventField)
                    {
                        // Packed varints: one value ends at each byte without the continuation bit.
                        foreach (var b in value.Slice(pos, (int)length))
                        {
                            count += b < 0x80 ? 1 : 0;
                        }
                    }

                    pos += (int)length;
                    break;
                case 5:
                    pos += 4;
                    break;
                default:
                    return 0;
            }
        }

        return pos == value.Length ? count : 0;
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && pos < data.Length; shift += 7)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}

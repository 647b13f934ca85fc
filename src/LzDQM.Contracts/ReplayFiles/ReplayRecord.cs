using LzDQM.Contracts.Wire;

namespace LzDQM.Contracts.ReplayFiles;

/// <summary>
/// One Kafka message of a replay file: topic, key, value exactly as published, its encoding
/// and its time (the trigger time of the chunk's first event, or the run transition time).
/// The arrays are owned by the record; a reader never reuses them.
/// </summary>
/// <param name="Topic">Which of the three input topics.</param>
/// <param name="TimeNs">Event time in UTC ns since the Unix epoch; pacing and ordering use it.</param>
/// <param name="Key">Kafka key: the run number as decimal ASCII.</param>
/// <param name="Value">Kafka value: the encoded message.</param>
/// <param name="Encoding">How <paramref name="Value"/> is encoded (the content-type header).</param>
public sealed record ReplayRecord(ReplayTopic Topic, long TimeNs, byte[] Key, byte[] Value, WireEncoding Encoding)
{
    /// <summary>Creates a record keyed by a run number as SPEC §2 requires.</summary>
    public static ReplayRecord ForRun(ReplayTopic topic, uint run, long timeNs, byte[] value, WireEncoding encoding = WireEncoding.Protobuf) =>
        new(topic, timeNs, System.Text.Encoding.ASCII.GetBytes(run.ToString(System.Globalization.CultureInfo.InvariantCulture)), value, encoding);
}

using System.Text;
using Confluent.Kafka;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;

namespace LzDQM.Stages.Intake;

/// <summary>
/// Decides what one consumed message is: a valid chunk or transition for the pipeline, a
/// duplicate to drop, or bad input to dead-letter (SPEC §2). Keeps the cross-chunk sequence of
/// each topic-partition. Consume-loop thread only.
/// </summary>
public sealed class MessageTriage
{
    private readonly Dictionary<TopicPartition, RunChunkSequence> _sequences = [];

    /// <summary>The verdict: a message for the pipeline, a duplicate, or a reason to dead-letter.</summary>
    public readonly record struct Verdict(IntakeMessage? Message, bool Duplicate, string? BadReason, int Events);

    /// <summary>Triage of one consumed message.</summary>
    public Verdict Triage(ConsumeResult<byte[]?, byte[]?> r)
    {
        var value = r.Message.Value ?? [];
        var contentType = ContentType(r.Message.Headers);
        return r.Topic switch
        {
            Topics.Triggers => Chunk<TriggerChunk>(r, value, contentType, ChunkValidator.Validate, ChunkExtent.Of, c => c.Run,
                c => new TriggerInput(r.TopicPartitionOffset, c)),
            Topics.Pulses => Chunk<PulseChunk>(r, value, contentType, ChunkValidator.Validate, ChunkExtent.Of, c => c.Run,
                c => new PulseInput(r.TopicPartitionOffset, c)),
            Topics.Runs => Run(r, value, contentType),
            _ => new Verdict(null, false, $"unexpected topic {r.Topic}", 0),
        };
    }

    /// <summary>Forgets the sequences of a revoked topic-partition (the next owner re-baselines).</summary>
    public void Forget(TopicPartition tp) => _sequences.Remove(tp);

    private Verdict Chunk<T>(ConsumeResult<byte[]?, byte[]?> r, byte[] value, string? contentType,
        Func<T, IReadOnlyList<ChunkViolation>> validate, Func<T, ChunkExtent> extent, Func<T, uint> run, Func<T, IntakeMessage> wrap)
        where T : class, Google.Protobuf.IMessage<T>, new()
    {
        var decoded = ChunkCodec.Decode<T>(value, contentType);
        if (!decoded.Ok)
        {
            return Bad(decoded.Error!);
        }

        var chunk = decoded.Message!;
        var violations = new List<ChunkViolation>(validate(chunk));
        if (ChunkValidator.CheckKey(r.Message.Key ?? [], run(chunk)) is { } keyViolation && run(chunk) != 0)
        {
            violations.Add(keyViolation);
        }

        if (!_sequences.TryGetValue(r.TopicPartition, out var sequence))
        {
            _sequences[r.TopicPartition] = sequence = new RunChunkSequence();
        }

        var ext = extent(chunk);
        var verdict = sequence.Observe(ext, contentValid: violations.Count == 0);
        if (verdict.Kind == SequenceKind.Duplicate)
        {
            return new Verdict(null, true, null, 0);
        }

        violations.AddRange(verdict.Violations);
        return violations.Count > 0 ? Bad(violations) : new Verdict(wrap(chunk), false, null, ext.Events);
    }

    private static Verdict Run(ConsumeResult<byte[]?, byte[]?> r, byte[] value, string? contentType)
    {
        var decoded = ChunkCodec.Decode<RunControl>(value, contentType);
        if (!decoded.Ok)
        {
            return Bad(decoded.Error!);
        }

        var violations = ChunkValidator.Validate(decoded.Message!);
        return violations.Count > 0 ? Bad(violations) : new Verdict(new RunInput(r.TopicPartitionOffset, decoded.Message!), false, null, 0);
    }

    private static Verdict Bad(ChunkViolation violation) => new(null, false, violation.ToString(), 0);

    private static Verdict Bad(IEnumerable<ChunkViolation> violations) => new(null, false, ChunkViolation.Describe(violations), 0);

    private static string? ContentType(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(WireHeaders.ContentType, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}

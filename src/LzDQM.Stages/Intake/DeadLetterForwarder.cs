using System.Globalization;
using System.Text;
using Confluent.Kafka;
using LzDQM.Contracts.Wire;

namespace LzDQM.Stages.Intake;

/// <summary>
/// Forwards bad input unchanged (key, value, headers) to <see cref="Topics.DeadLetter"/>, adding
/// headers that say why and where it came from. Thread-safe (a Kafka producer is).
/// </summary>
public sealed class DeadLetterForwarder : IDisposable
{
    /// <summary>Header with the source partition.</summary>
    public const string SourcePartitionHeader = "lzdqm-source-partition";

    /// <summary>Header with the source offset.</summary>
    public const string SourceOffsetHeader = "lzdqm-source-offset";

    private readonly IProducer<byte[]?, byte[]?> _producer;

    /// <summary>Creates the forwarder's producer (idempotent, acks=all: a dead letter is never lost).</summary>
    public DeadLetterForwarder(string bootstrapServers)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
    }

    /// <summary>Sends the copy; the task completes when the broker acknowledges it.</summary>
    public Task Forward(ConsumeResult<byte[]?, byte[]?> source, string reason)
    {
        var headers = new Headers();
        if (source.Message.Headers is { } original)
        {
            foreach (var h in original)
            {
                headers.Add(h.Key, h.GetValueBytes());
            }
        }

        headers.Add(WireHeaders.DeadLetterReason, Encoding.UTF8.GetBytes(reason));
        headers.Add(WireHeaders.DeadLetterSourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(SourcePartitionHeader, Encoding.ASCII.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(SourceOffsetHeader, Encoding.ASCII.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        return _producer.ProduceAsync(Topics.DeadLetter, new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = headers,
        });
    }

    /// <summary>Flushes what is in flight and releases the producer.</summary>
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

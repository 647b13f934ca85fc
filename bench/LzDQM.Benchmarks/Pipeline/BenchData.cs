using Google.Protobuf;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;
using Confluent.Kafka;

namespace LzDQM.Benchmarks.Pipeline;

/// <summary>Simulated records copied to several runs, one run per partition, produced into the embedded broker before the clock starts.</summary>
internal static class BenchData
{
    /// <summary>The records of <paramref name="template"/> re-numbered as run <paramref name="run"/>.</summary>
    public static IEnumerable<ReplayRecord> AsRun(IEnumerable<ReplayRecord> template, uint run)
    {
        var key = System.Text.Encoding.ASCII.GetBytes(run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var r in template)
        {
            byte[] value = r.Topic switch
            {
                ReplayTopic.Triggers => Renumber(TriggerChunk.Parser.ParseFrom(r.Value), c => c.Run = run),
                ReplayTopic.Pulses => Renumber(PulseChunk.Parser.ParseFrom(r.Value), c => c.Run = run),
                _ => Renumber(RunControl.Parser.ParseFrom(r.Value), c => c.Run = run),
            };
            yield return r with { Key = key, Value = value };
        }
    }

    /// <summary>Produces each run's records to partition index <c>i</c> of their topics, in order; returns (events, pulses, bytes).</summary>
    public static (long Events, long Pulses, long Bytes) Produce(string bootstrap, IReadOnlyList<IReadOnlyList<ReplayRecord>> runs)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5, Acks = Acks.All }).Build();
        long events = 0, pulses = 0, bytes = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var r in runs[i])
            {
                producer.Produce(new TopicPartition(r.Topic.ToTopicName(), new Partition(i)), new Message<byte[], byte[]>
                {
                    Key = r.Key,
                    Value = r.Value,
                    Headers = new Headers { { WireHeaders.ContentType, "application/x-protobuf"u8.ToArray() } },
                });
                bytes += r.Value.Length;
                if (r.Topic == ReplayTopic.Triggers)
                {
                    events += TriggerChunk.Parser.ParseFrom(r.Value).Event.Count;
                }
                else if (r.Topic == ReplayTopic.Pulses)
                {
                    pulses += PulseChunk.Parser.ParseFrom(r.Value).PulseClass.Count;
                }
            }

            producer.Flush(TimeSpan.FromSeconds(60));
        }

        return (events, pulses, bytes);
    }

    private static byte[] Renumber<T>(T message, Action<T> set)
        where T : IMessage<T>
    {
        set(message);
        return message.ToByteArray();
    }
}

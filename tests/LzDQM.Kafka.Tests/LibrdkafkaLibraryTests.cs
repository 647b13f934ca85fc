using Confluent.Kafka;
using LzDQM.Kafka.Native;

namespace LzDQM.Kafka.Tests;

public sealed class LibrdkafkaLibraryTests
{
    [Fact]
    public void Broker_and_clients_share_one_librdkafka_image_in_the_process()
    {
        using var broker = new EmbeddedKafkaBroker();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var mapped = File.ReadAllLines("/proc/self/maps")
            .Where(l => l.Contains("librdkafka", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('/', StringComparison.Ordinal))..])
            .Distinct()
            .ToList();

        Assert.Equal([LibrdkafkaLibrary.Path], mapped);
        Assert.EndsWith("librdkafka.so", LibrdkafkaLibrary.Path, StringComparison.Ordinal);
        Assert.StartsWith("2.16", Library.VersionString, StringComparison.Ordinal);
    }
}

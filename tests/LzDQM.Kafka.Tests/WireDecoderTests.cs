using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Tests.Support;

namespace LzDQM.Kafka.Tests;

public sealed class WireDecoderTests
{
    [Fact]
    public async Task A_chunk_kcat_publishes_as_canonical_json_decodes_to_the_same_pulse_chunk()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 2 });
        var chunk = TestChunks.Pulses(123, 4, 20, 80);
        var json = JsonFormatter.Default.Format(chunk);
        Assert.DoesNotContain('\n', json);

        await Kcat.RunTextAsync(
            ["-P", "-b", broker.BootstrapServers, "-t", Topics.Pulses, "-k", "123", "-H", "content-type=application/json"],
            Encoding.UTF8.GetBytes(json + "\n"));

        var config = new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "json-interop",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe(Topics.Pulses);
        ConsumeResult<byte[]?, byte[]?>? result = null;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (result is null && DateTime.UtcNow < deadline)
        {
            result = consumer.Consume(TimeSpan.FromMilliseconds(200));
        }

        Assert.NotNull(result);
        var decoded = WireDecoder.Decode(result);
        Assert.True(decoded.Success, decoded.Error);
        Assert.Equal(WireEncoding.Json, decoded.Encoding);
        Assert.Equal("123", decoded.Key);
        Assert.Equal(chunk, decoded.Message);
        consumer.Close();
    }

    [Fact]
    public void Binary_protobuf_without_a_header_decodes_by_topic()
    {
        var trigger = TestChunks.Triggers(9, 0, 5);
        var run = TestChunks.Start(9);

        var t = WireDecoder.Decode(Topics.Triggers, "9"u8.ToArray(), trigger.ToByteArray(), null);
        var r = WireDecoder.Decode(Topics.Runs, "9"u8.ToArray(), run.ToByteArray(), "application/x-protobuf");

        Assert.Equal(trigger, t.Message);
        Assert.Equal(run, r.Message);
        Assert.Equal(WireEncoding.Protobuf, t.Encoding);
    }

    [Theory]
    [InlineData("lz.dqm.pulses", "text/csv", "x", "unknown content-type")]
    [InlineData("lz.dqm.pulses", "application/json", "{\"run\": ", "does not decode as Json")]
    [InlineData("lz.dqm.pulses", null, "\u00ff\u00ff\u00ff", "does not decode as Protobuf")]
    [InlineData("lz.dqm.deadletter", null, "x", "carries no wire-contract message")]
    [InlineData("lz.dqm.triggers", null, "", "empty message value")]
    public void Bad_input_becomes_an_error_result_never_an_exception(string topic, string? contentType, string value, string reason)
    {
        var result = WireDecoder.Decode(topic, "1"u8.ToArray(), Encoding.Latin1.GetBytes(value), contentType);

        Assert.False(result.Success);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public void Event_counter_counts_the_event_column_of_binary_and_json_chunks()
    {
        var chunk = TestChunks.Pulses(5, 1, 300, 1_000_000);
        var binary = Contracts.ReplayFiles.ReplayRecord.ForRun(Contracts.ReplayFiles.ReplayTopic.Pulses, 5, 0, chunk.ToByteArray());
        var json = Contracts.ReplayFiles.ReplayRecord.ForRun(Contracts.ReplayFiles.ReplayTopic.Pulses, 5, 0, Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(chunk)), WireEncoding.Json);

        Assert.Equal(300, ChunkEventCounter.Count(binary));
        Assert.Equal(300, ChunkEventCounter.Count(json));
        Assert.Equal(0, ChunkEventCounter.CountProtobuf([0x1A, 0x05, 0x01]));
    }
}

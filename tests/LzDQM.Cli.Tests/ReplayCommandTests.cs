using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using LzDQM.Cli.Tests.Support;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.V1;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka;
using LzDQM.Kafka.Tests.Support;

namespace LzDQM.Cli.Tests;

public sealed class ReplayCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private sealed record KcatMessage(string Key, string Headers, byte[] Value);

    /// <summary>Reads a whole topic with kcat: key, headers and the raw value bytes of each message.</summary>
    private static async Task<List<KcatMessage>> KcatReadAsync(string bootstrap, string topic)
    {
        var (code, stdout, stderr) = await Kcat.RunAsync(["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\\t%h\\t%S\\n%R%s"]);
        Assert.True(code == 0, stderr);
        var messages = new List<KcatMessage>();
        var pos = 0;
        while (pos < stdout.Length)
        {
            var newline = Array.IndexOf(stdout, (byte)'\n', pos);
            var fields = Encoding.ASCII.GetString(stdout, pos, newline - pos).Split('\t');
            pos = newline + 1;
            var length = BinaryPrimitives.ReadInt32BigEndian(stdout.AsSpan(pos));
            Assert.Equal(int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), length);
            messages.Add(new(fields[0], fields[1], stdout.AsSpan(pos + 4, length).ToArray()));
            pos += 4 + length;
        }

        return messages;
    }

    [Fact]
    public async Task Kcat_reads_what_replay_publishes_with_run_keys_content_type_headers_and_the_same_messages()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 3 });
        using var dir = new TempDirectory();
        var path = dir.File("two-runs.lzr");
        var records = new List<ReplayRecord>();
        foreach (var run in new uint[] { 7, 8 })
        {
            records.Add(ReplayRecord.ForRun(ReplayTopic.Runs, run, TestChunks.T0, TestChunks.Start(run).ToByteArray()));
            for (ulong k = 0; k < 3; k++)
            {
                var pulses = TestChunks.Pulses(run, k, 40, k * 40);
                var value = run == 8
                    ? ReplayRecord.ForRun(ReplayTopic.Pulses, run, pulses.TriggerTimeNs[0], Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(pulses)), WireEncoding.Json)
                    : ReplayRecord.ForRun(ReplayTopic.Pulses, run, pulses.TriggerTimeNs[0], pulses.ToByteArray());
                records.Add(ReplayRecord.ForRun(ReplayTopic.Triggers, run, pulses.TriggerTimeNs[0], TestChunks.Triggers(run, k, 40).ToByteArray()));
                records.Add(value);
            }
        }

        using (var writer = ReplayFileWriter.Create(path))
        {
            records.ForEach(writer.Write);
        }

        var (exit, stdout, stderr, _) = await LzdqmProcess.RunAsync(Timeout, "replay", path, "--bootstrap", broker.BootstrapServers, "--speed", "max");

        Assert.True(exit == 0, stderr);
        Assert.Contains("published 14 records (12 chunks, 240 events", stdout, StringComparison.Ordinal);
        foreach (var topic in new[] { Topics.Runs, Topics.Triggers, Topics.Pulses })
        {
            var expected = records.Where(r => r.Topic.ToTopicName() == topic).ToList();
            var read = await KcatReadAsync(broker.BootstrapServers, topic);
            Assert.Equal(expected.Count, read.Count);
            foreach (var r in expected)
            {
                // Order holds within a run (one partition per key); compare as sets across runs.
                var match = Assert.Single(read, m => m.Value.AsSpan().SequenceEqual(r.Value));
                Assert.Equal(Encoding.ASCII.GetString(r.Key), match.Key);
                Assert.Equal($"content-type={r.Encoding.ToContentType()}", match.Headers);
                var decoded = WireDecoder.Decode(topic, Encoding.ASCII.GetBytes(match.Key), match.Value, r.Encoding.ToContentType());
                Assert.True(decoded.Success, decoded.Error);
                Assert.Equal(WireDecoder.Decode(topic, r.Key, r.Value, r.Encoding.ToContentType()).Message, decoded.Message);
            }

            foreach (var run in new[] { "7", "8" })
            {
                var chunks = read.Where(m => m.Key == run && topic == Topics.Pulses)
                    .Select(m => ((PulseChunk)WireDecoder.Decode(topic, null, m.Value, run == "8" ? WireHeaders.Json : null).Message!).Chunk);
                Assert.Equal(topic == Topics.Pulses ? new ulong[] { 0, 1, 2 } : [], chunks);
            }
        }
    }

    [Fact]
    public async Task Replay_waits_for_its_consumer_group_and_a_group_that_joins_late_still_gets_every_chunk()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        using var dir = new TempDirectory();
        var path = dir.File("eight-mb.lzr");
        // 400 pulse chunks of ~16 kB (6.5 MB in one partition, more than the broker keeps) plus trigger chunks.
        TestChunks.WriteFile(path, 400, 250, [12]);

        using var replay = LzdqmProcess.Start("replay", path, "--bootstrap", broker.BootstrapServers, "--group", "dqm-cli", "--max-ahead-mb", "2");
        var stdout = replay.Stdout.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!replay.Stderr.Contains("waiting for consumer group dqm-cli", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains("waiting for consumer group dqm-cli", replay.Stderr, StringComparison.Ordinal);
        var chunks = new List<ulong>();
        using (var consumer = new Confluent.Kafka.ConsumerBuilder<byte[]?, byte[]?>(WireConsumerConfig.Create(broker.BootstrapServers, "dqm-cli")).Build())
        {
            consumer.Subscribe([Topics.Pulses, Topics.Triggers, Topics.Runs]);
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (chunks.Count < 400 && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Topic: Topics.Pulses } r)
                {
                    chunks.Add(((PulseChunk)WireDecoder.Decode(r).Message!).Chunk);
                }
            }

            Assert.Equal(0, await replay.WaitAsync(TimeSpan.FromSeconds(30)));
            consumer.Close();
        }

        Assert.Equal(Enumerable.Range(0, 400).Select(i => (ulong)i), chunks);
        Assert.Contains("published 801 records (800 chunks, 100000 events", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_to_an_unreachable_bootstrap_gives_one_line_and_fails_within_seconds()
    {
        using var dir = new TempDirectory();
        var path = dir.File("small.lzr");
        TestChunks.WriteFile(path, 2, 10, [1]);

        var (exit, stdout, stderr, elapsed) = await LzdqmProcess.RunAsync(Timeout, "replay", path, "--bootstrap", "127.0.0.1:1");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("127.0.0.1:1 is unreachable", line, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public async Task A_truncated_replay_file_gives_one_line_naming_the_byte_offset_and_keeps_what_was_published()
    {
        using var broker = new EmbeddedKafkaBroker(new() { PartitionsPerTopic = 1 });
        using var dir = new TempDirectory();
        var path = dir.File("truncated.lzr");
        // ~2.4 MB of records: three blocks; cut into the last one.
        TestChunks.WriteFile(path, 60, 250, [4]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5000)]);

        var (exit, _, stderr, _) = await LzdqmProcess.RunAsync(Timeout, "replay", path, "--bootstrap", broker.BootstrapServers);

        Assert.Equal(ExitCodes.BadInput, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("byte offset [0-9]+: file is truncated", line);
        var published = await KcatReadAsync(broker.BootstrapServers, Topics.Pulses);
        Assert.InRange(published.Count, 1, 59);
    }

    [Theory]
    [InlineData("--speed", "0")]
    [InlineData("--speed", "fast")]
    [InlineData("--max-ahead-mb", "-1")]
    [InlineData("--compression", "zip")]
    public async Task Bad_replay_arguments_give_one_line_and_exit_2(string option, string value)
    {
        using var dir = new TempDirectory();
        var path = dir.File("small.lzr");
        TestChunks.WriteFile(path, 1, 10, [1]);

        var (exit, stdout, stderr, _) = await LzdqmProcess.RunAsync(Timeout, "replay", path, "--bootstrap", "127.0.0.1:1", option, value);

        Assert.Equal(ExitCodes.BadArguments, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

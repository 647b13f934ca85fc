using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using LzDQM.Contracts.ReplayFiles;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;

namespace LzDQM.Kafka;

/// <summary>
/// Publishes replay records to their topics with their keys and <c>content-type</c> header
/// (idempotent producer, acks=all), paced two ways: event time runs <see cref="ReplayPublisherOptions.Speed"/>
/// times faster than real, and no partition gets more than <see cref="ReplayPublisherOptions.MaxAheadBytes"/>
/// of un-consumed data ahead of the slowest consumer group (committed offsets), so nothing falls
/// off the embedded broker's 5 MB retention. Whatever was handed to the producer is flushed
/// before a publish returns or throws. One publish at a time per instance.
/// </summary>
public sealed class ReplayPublisher
{
    private static readonly byte[] ProtobufHeader = Encoding.ASCII.GetBytes(WireEncoding.Protobuf.ToContentType());
    private static readonly byte[] JsonHeader = Encoding.ASCII.GetBytes(WireEncoding.Json.ToContentType());
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly ReplayPublisherOptions _options;

    /// <summary>Creates a publisher; nothing connects until a publish starts.</summary>
    public ReplayPublisher(ReplayPublisherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Speed > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Speed, "speed must be positive");
        }

        if (options.Compression is not ("none" or "lz4"))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Compression, "compression must be none or lz4");
        }

        _options = options;
    }

    /// <summary>Publishes a replay file, streaming it block by block, on a dedicated thread.</summary>
    /// <exception cref="ReplayFormatException">The file is corrupt; what came before was published.</exception>
    /// <exception cref="ReplayPublishException">Kafka is unreachable, a topic is missing, or delivery failed.</exception>
    public Task<ReplaySummary> PublishFileAsync(string path, IProgress<ReplayProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () =>
            {
                using var reader = ReplayFileReader.Open(path);
                return Publish(reader.ReadAll(), progress, () => (reader.Position, reader.Length), cancellationToken);
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// Publishes records in order on the calling thread (blocking) and returns once all are acknowledged.
    /// </summary>
    /// <param name="records">Records in file order.</param>
    /// <param name="progress">Receives a snapshot about every 200 ms, on this thread.</param>
    /// <param name="filePosition">Optional: bytes read and total of the underlying file.</param>
    /// <param name="cancellationToken">Stops publishing; what was handed over is still flushed.</param>
    public ReplaySummary Publish(
        IEnumerable<ReplayRecord> records,
        IProgress<ReplayProgress>? progress = null,
        Func<(long Read, long Total)>? filePosition = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        LibrdkafkaLibrary.EnsureLoaded();
        CheckReachable();

        var backlog = new ReplayBacklog();
        var deliveryError = (string?)null;
        using var producer = BuildProducer();
        using var watch = new ConsumerGroupWatch(_options, backlog);
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        var held = TimeSpan.Zero;
        long recordCount = 0, chunks = 0, events = 0, triggers = 0, bytes = 0, firstTime = 0, lastTime = 0;

        ReplayProgress Snapshot(bool holding)
        {
            var (read, total) = filePosition?.Invoke() ?? (0, -1);
            return new(recordCount, chunks, events, bytes, firstTime, lastTime, read, total, clock.Elapsed, holding);
        }

        void Report(bool holding)
        {
            if (progress is not null && clock.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = clock.Elapsed;
                progress.Report(Snapshot(holding));
            }
        }

        void OnDelivery(DeliveryReport<byte[], byte[]> report)
        {
            var size = report.Message.Value.Length + report.Message.Key.Length;
            backlog.Delivered(report.Error.IsError ? null : report.TopicPartitionOffset, size);
            if (report.Error.IsError)
            {
                Interlocked.CompareExchange(ref deliveryError, $"delivery to {report.Topic} failed: {report.Error.Reason}", null);
            }
        }

        try
        {
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ThrowIfFailed(deliveryError);
                if (recordCount == 0)
                {
                    firstTime = record.TimeNs;
                    clock.Restart();
                }

                // Event-time pacing; time held back by consumers shifts the schedule instead of
                // being caught up in a burst afterwards.
                if (!double.IsPositiveInfinity(_options.Speed))
                {
                    var due = held + TimeSpan.FromTicks((long)((record.TimeNs - firstTime) / 100 / _options.Speed));
                    while (clock.Elapsed < due)
                    {
                        // The clock moved on since the check: a negative wait would throw.
                        var wait = TimeSpan.FromTicks(Math.Max(0, (due - clock.Elapsed).Ticks));
                        cancellationToken.WaitHandle.WaitOne(wait < ProgressInterval ? wait : ProgressInterval);
                        cancellationToken.ThrowIfCancellationRequested();
                        Report(false);
                    }
                }

                var size = record.Key.Length + record.Value.Length;
                held += watch.HoldWhileAhead(size, () => Report(true), cancellationToken);

                var message = new Message<byte[], byte[]>
                {
                    Key = record.Key,
                    Value = record.Value,
                    Headers = new Headers { { WireHeaders.ContentType, record.Encoding == WireEncoding.Json ? JsonHeader : ProtobufHeader } },
                };
                backlog.Sent(size);
                ProduceWithRoom(producer, record.Topic.ToTopicName(), message, OnDelivery, cancellationToken);

                recordCount++;
                bytes += size;
                lastTime = record.TimeNs;
                if (record.Topic != ReplayTopic.Runs)
                {
                    chunks++;
                    var n = ChunkEventCounter.Count(record);
                    if (record.Topic == ReplayTopic.Pulses)
                    {
                        events += n;
                    }
                    else
                    {
                        triggers += n;
                    }
                }

                Report(false);
            }
        }
        finally
        {
            // What was handed over stays published, whatever stopped the loop (bad file block, Ctrl-C).
            producer.Flush(_options.DeliveryTimeout + TimeSpan.FromSeconds(5));
        }

        ThrowIfFailed(deliveryError);
        if (backlog.InFlightBytes > 0)
        {
            throw new ReplayPublishException($"Kafka at {_options.BootstrapServers} did not acknowledge every message within {_options.DeliveryTimeout.TotalSeconds:0} s");
        }

        progress?.Report(Snapshot(false));
        return new ReplaySummary(recordCount, chunks, events, triggers, bytes, TimeSpan.FromTicks((lastTime - firstTime) / 100), clock.Elapsed, held);
    }

    private static void ThrowIfFailed(string? deliveryError)
    {
        if (deliveryError is not null)
        {
            throw new ReplayPublishException(deliveryError);
        }
    }

    private static void ProduceWithRoom(
        IProducer<byte[], byte[]> producer,
        string topic,
        Message<byte[], byte[]> message,
        Action<DeliveryReport<byte[], byte[]>> onDelivery,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue drains as the broker acknowledges.
                cancellationToken.WaitHandle.WaitOne(10);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private void CheckReachable()
    {
        var lastError = (string?)null;
        var config = new AdminClientConfig
        {
            BootstrapServers = _options.BootstrapServers,
            SocketConnectionSetupTimeoutMs = (int)_options.ConnectTimeout.TotalMilliseconds,
        };
        using var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, e) => lastError = e.Reason)
            .Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(_options.ConnectTimeout);
        }
        catch (KafkaException ex)
        {
            throw new ReplayPublishException($"Kafka at {_options.BootstrapServers} is unreachable: {lastError ?? ex.Error.Reason}", ex);
        }

        var missing = new[] { Topics.Runs, Topics.Triggers, Topics.Pulses }
            .Where(t => !metadata.Topics.Any(m => m.Topic == t && !m.Error.IsError && m.Partitions.Count > 0))
            .ToList();
        if (missing.Count > 0)
        {
            throw new ReplayPublishException($"Kafka at {_options.BootstrapServers} has no topic {string.Join(", ", missing)} (start it with 'lzdqm broker' or create the topics)");
        }
    }

    private IProducer<byte[], byte[]> BuildProducer()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = _options.Compression == "lz4" ? CompressionType.Lz4 : CompressionType.None,
            MessageTimeoutMs = (int)_options.DeliveryTimeout.TotalMilliseconds,
            // Key and value stay referenced by the message given to Produce; no copies needed back.
            DeliveryReportFields = "key,value",
        };
        return new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, _) => { })
            .Build();
    }
}

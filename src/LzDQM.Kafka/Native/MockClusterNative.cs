using System.Runtime.InteropServices;

namespace LzDQM.Kafka.Native;

/// <summary>
/// P/Invokes of librdkafka's C API used by the embedded broker (rdkafka.h, rdkafka_mock.h).
/// The mock API is experimental upstream; signatures here match librdkafka 2.16.
/// </summary>
internal static partial class MockClusterNative
{
    /// <summary>rd_kafka_type_t RD_KAFKA_PRODUCER.</summary>
    public const int ProducerType = 0;

    /// <summary>rd_kafka_conf_res_t RD_KAFKA_CONF_OK.</summary>
    public const int ConfOk = 0;

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial void rd_kafka_conf_destroy(IntPtr conf);

    [LibraryImport(LibrdkafkaLibrary.ImportName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    /// <summary>Takes ownership of <paramref name="conf"/> on success only.</summary>
    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(LibrdkafkaLibrary.ImportName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(LibrdkafkaLibrary.ImportName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void rd_kafka_mock_broker_set_host_port(IntPtr mcluster, int brokerId, string host, int port);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);

    [LibraryImport(LibrdkafkaLibrary.ImportName)]
    public static partial IntPtr rd_kafka_err2str(int err);
}

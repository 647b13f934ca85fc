using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Native;

namespace LzDQM.Kafka;

/// <summary>
/// A Kafka-protocol broker on loopback: librdkafka's built-in mock cluster (SPEC §7), with the
/// contract topics pre-created (the mock has no CreateTopics API). Limits of the mock: each
/// partition keeps only its newest ~5 MB or 100 000 message sets, and small messages are slow,
/// so producers must send chunks and stay a few MB ahead of consumers at most
/// (<see cref="ReplayPublisher"/> does). All members are thread-safe. Dispose it: that stops
/// the mock's threads in the right order so the process exits cleanly.
/// </summary>
public sealed class EmbeddedKafkaBroker : IDisposable, IAsyncDisposable
{
    private readonly List<LoopbackPortForwarder> _forwarders = [];
    private IntPtr _rk;
    private IntPtr _cluster;
    private int _disposed;

    /// <summary>Starts the mock cluster and creates the topics.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Options are impossible.</exception>
    /// <exception cref="SocketException">A port of <see cref="EmbeddedKafkaBrokerOptions.FirstPort"/> is in use.</exception>
    public EmbeddedKafkaBroker(EmbeddedKafkaBrokerOptions? options = null)
    {
        Options = options ?? new EmbeddedKafkaBrokerOptions();
        Options.Validate();
        LibrdkafkaLibrary.EnsureLoaded();
        try
        {
            Start();
            // A broker left undisposed still shuts down in order when the process exits.
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The options it was started with.</summary>
    public EmbeddedKafkaBrokerOptions Options { get; }

    /// <summary>Comma-separated <c>HOST:PORT</c> list for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; private set; } = "";

    /// <summary>Topics created at start.</summary>
    public IReadOnlyList<string> TopicNames { get; private set; } = [];

    /// <summary>
    /// Disconnects broker <paramref name="brokerId"/> (1..N, or -1 for all) and refuses new
    /// connections; leadership does not move, so its partitions are unavailable until
    /// <see cref="SetBrokerUp"/>.
    /// </summary>
    public void SetBrokerDown(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_down(ClusterHandle, brokerId), $"set broker {brokerId} down");

    /// <summary>Makes broker <paramref name="brokerId"/> (or -1: all) accept connections again.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_up(ClusterHandle, brokerId), $"set broker {brokerId} up");

    /// <summary>
    /// The next <c>errors.Length</c> requests of type <paramref name="apiKey"/>, on any broker,
    /// fail with these errors in order (<see cref="ErrorCode.Local_Transport"/> disconnects).
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, e => (int)e);
        MockClusterNative.rd_kafka_mock_push_request_errors_array(ClusterHandle, (short)apiKey, (nuint)codes.Length, codes);
    }

    /// <summary>Drops errors pushed for <paramref name="apiKey"/> that have not fired yet.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        MockClusterNative.rd_kafka_mock_clear_request_errors(ClusterHandle, (short)apiKey);

    /// <summary>Stops the forwarders, destroys the mock cluster, then its librdkafka handle.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;

        foreach (var forwarder in _forwarders)
        {
            forwarder.Dispose();
        }

        _forwarders.Clear();
        // The cluster holds the handle for book-keeping: destroy it first.
        if (_cluster != IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_rk != IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_destroy(_rk);
            _rk = IntPtr.Zero;
        }
    }

    /// <summary>Disposes on a pool thread (destroying the mock blocks briefly).</summary>
    public ValueTask DisposeAsync() => new(Task.Run(Dispose));

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private IntPtr ClusterHandle
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _cluster;
        }
    }

    private void Start()
    {
        var errstr = new byte[512];
        var conf = MockClusterNative.rd_kafka_conf_new();
        // The mock's own handle never connects anywhere; keep it quiet unless something breaks.
        SetConf(conf, "log_level", "3", errstr);
        SetConf(conf, "bootstrap.servers", "", errstr);
        _rk = MockClusterNative.rd_kafka_new(MockClusterNative.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (_rk == IntPtr.Zero)
        {
            MockClusterNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("librdkafka rd_kafka_new failed: " + CString(errstr));
        }

        _cluster = MockClusterNative.rd_kafka_mock_cluster_new(_rk, Options.Brokers);
        if (_cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka could not start its mock cluster (no loopback listener?)");
        }

        MockClusterNative.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, Options.InitialRebalanceDelayMs);
        var topics = new List<string>();
        if (Options.CreateContractTopics)
        {
            topics.AddRange(Topics.All);
        }

        topics.AddRange(Options.ExtraTopics.Where(t => !topics.Contains(t)));
        var replication = Math.Min(Options.Brokers, 3);
        foreach (var topic in topics)
        {
            Check(MockClusterNative.rd_kafka_mock_topic_create(_cluster, topic, Options.PartitionsPerTopic, replication), $"create topic {topic}");
        }

        TopicNames = topics;
        var ownBootstraps = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(_cluster)) ?? "";
        BootstrapServers = Options.FirstPort is { } firstPort ? Forward(ownBootstraps, firstPort) : ownBootstraps;
    }

    // Puts a forwarder on firstPort+i for broker i+1 and makes the broker advertise it, so clients
    // that follow metadata keep going through the fixed ports.
    private string Forward(string ownBootstraps, int firstPort)
    {
        var endpoints = ownBootstraps.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var advertised = new List<string>();
        for (var i = 0; i < endpoints.Length; i++)
        {
            var target = ParseEndpoint(endpoints[i]);
            var port = firstPort + i;
            _forwarders.Add(new LoopbackPortForwarder(port, target));
            MockClusterNative.rd_kafka_mock_broker_set_host_port(_cluster, i + 1, "127.0.0.1", port);
            advertised.Add($"127.0.0.1:{port}");
        }

        return string.Join(',', advertised);
    }

    private static IPEndPoint ParseEndpoint(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        var host = hostPort[..colon];
        var port = int.Parse(hostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var address = host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        return new IPEndPoint(address, port);
    }

    private static void SetConf(IntPtr conf, string name, string value, byte[] errstr)
    {
        if (MockClusterNative.rd_kafka_conf_set(conf, name, value, errstr, (nuint)errstr.Length) != MockClusterNative.ConfOk)
        {
            throw new InvalidOperationException($"librdkafka rejected {name}={value}: {CString(errstr)}");
        }
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
        {
            var text = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_err2str(err));
            throw new InvalidOperationException($"mock broker could not {what}: {text}");
        }
    }

    private static string CString(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }
}

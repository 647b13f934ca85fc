using System.Net;
using System.Net.Sockets;
using LzDQM.Cli.Tests.Support;
using LzDQM.Contracts.Wire;
using LzDQM.Kafka.Tests.Support;

namespace LzDQM.Cli.Tests;

public sealed class BrokerCommandTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Broker_prints_bootstrap_first_serves_kcat_and_exits_0_on_SIGTERM()
    {
        using var broker = LzdqmProcess.Start("broker", "--brokers", "2", "--partitions", "5");
        var first = await broker.Stdout.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(first);
        Assert.StartsWith("bootstrap=", first, StringComparison.Ordinal);
        var bootstrap = first["bootstrap=".Length..];
        Assert.Equal(2, bootstrap.Split(',').Length);
        var metadata = await Kcat.RunTextAsync(["-L", "-b", bootstrap, "-m", "10"]);
        foreach (var topic in Topics.All)
        {
            Assert.Contains($"topic \"{topic}\" with 5 partitions", metadata, StringComparison.Ordinal);
        }

        broker.Signal("TERM");
        var exit = await broker.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit);
        Assert.Contains("stopped", broker.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_on_a_fixed_port_serves_there_and_a_second_one_on_that_port_fails_with_one_line()
    {
        var port = FreePort();
        using var broker = LzdqmProcess.Start("broker", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var first = await broker.Stdout.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal($"bootstrap=127.0.0.1:{port}", first);
        var metadata = await Kcat.RunTextAsync(["-L", "-b", $"127.0.0.1:{port}", "-t", Topics.Pulses, "-m", "10"]);
        Assert.Contains($"broker 1 at 127.0.0.1:{port}", metadata, StringComparison.Ordinal);

        var (exit, stdout, stderr, _) = await LzdqmProcess.RunAsync(TimeSpan.FromSeconds(20), "broker", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"port {port}", line, StringComparison.Ordinal);
        broker.Signal("INT");
        Assert.Equal(0, await broker.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("--brokers", "0", "--brokers")]
    [InlineData("--partitions", "0", "--partitions")]
    [InlineData("--brokers", "many", "many")]
    public async Task Impossible_broker_numbers_give_one_line_and_exit_2(string option, string value, string named)
    {
        var (exit, stdout, stderr, _) = await LzdqmProcess.RunAsync(TimeSpan.FromSeconds(20), "broker", option, value);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line, StringComparison.Ordinal);
    }
}

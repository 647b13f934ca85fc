using System.Net;
using System.Net.Sockets;
using LzDQM.Kafka;
using LzDQM.Node.Tests.Support;
using LzDQM.TestServers;

namespace LzDQM.Node.Tests;

/// <summary><c>lzdqm node</c> refuses what cannot work with one line and a non-zero exit code.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int ExitCode, string Stderr)> RunAsync(params string[] args)
    {
        using var p = NodeProcess.Start("lzdqm", args);
        var (code, _) = await p.WaitForExitAsync(TimeSpan.FromSeconds(20));
        return (code, p.Stderr.Trim());
    }

    [Fact]
    public async Task A_node_without_a_destination_exits_2_with_one_line()
    {
        var (code, stderr) = await RunAsync("node", "--bootstrap", "127.0.0.1:9092");
        Assert.Equal(2, code);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("no metric destination", stderr);
    }

    [Fact]
    public async Task A_bad_duration_exits_2_with_one_line()
    {
        var (code, stderr) = await RunAsync("node", "--bootstrap", "127.0.0.1:9092", "--lp-out", "x.lp", "--checkpoint-interval", "soon");
        Assert.Equal(2, code);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("--checkpoint-interval", stderr);
    }

    [Fact]
    public async Task An_unreachable_bootstrap_fails_within_seconds_with_one_line()
    {
        var refusing = FreeTcpPort.Next();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, stderr) = await RunAsync("node", "--bootstrap", $"127.0.0.1:{refusing}", "--lp-out", Path.Combine(Path.GetTempPath(), "unused.lp"), "--port", "0");
        Assert.Equal(1, code);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("cannot reach Kafka", stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_remoting_port_in_use_fails_with_one_line()
    {
        using var broker = new EmbeddedKafkaBroker();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var (code, stderr) = await RunAsync("node", "--bootstrap", broker.BootstrapServers, "--lp-out", Path.Combine(Path.GetTempPath(), "unused.lp"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains($"remoting port {port}", stderr);
    }
}

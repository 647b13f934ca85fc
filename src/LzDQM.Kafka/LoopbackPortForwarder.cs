using System.Net;
using System.Net.Sockets;

namespace LzDQM.Kafka;

/// <summary>
/// Listens on a fixed loopback port and pipes every connection, both ways, to one target
/// endpoint. Gives a mock broker (whose own listener port is ephemeral) a port operators choose.
/// Thread-safe; each connection runs on its own tasks until either side closes.
/// </summary>
public sealed class LoopbackPortForwarder : IAsyncDisposable, IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    /// <summary>
    /// Binds <c>127.0.0.1:<paramref name="port"/></c> at once; throws <see cref="SocketException"/>
    /// (<see cref="SocketError.AddressAlreadyInUse"/>) when the port is taken.
    /// </summary>
    public LoopbackPortForwarder(int port, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.ExclusiveAddressUse = true;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port listened on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Stops listening and closes open connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task AcceptLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = PipeAsync(client, token);
        }
    }

    private async Task PipeAsync(Socket client, CancellationToken token)
    {
        using var clientSocket = client;
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_target, token).ConfigureAwait(false);
            await using var a = new NetworkStream(client, ownsSocket: false);
            await using var b = new NetworkStream(upstream, ownsSocket: false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(token);
            var up = a.CopyToAsync(b, 1 << 16, linked.Token);
            var down = b.CopyToAsync(a, 1 << 16, linked.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            // One side closed: close both so the peer sees the disconnect (as with a real broker).
            await linked.CancelAsync().ConfigureAwait(false);
            client.Close();
            upstream.Close();
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The broker is down or a side went away: the client sees its connection close.
        }
    }
}

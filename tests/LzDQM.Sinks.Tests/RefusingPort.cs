using System.Net;
using System.Net.Sockets;

namespace LzDQM.Sinks.Tests;

/// <summary>
/// A loopback port that refuses connections for as long as this object lives: bound, never
/// listening, so no server started by a parallel test can take it.
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Url = $"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}";
    }

    public string Url { get; }

    public void Dispose() => _socket.Dispose();
}

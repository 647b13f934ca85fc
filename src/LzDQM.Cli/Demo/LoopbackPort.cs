using System.Net;
using System.Net.Sockets;

namespace LzDQM.Cli.Demo;

/// <summary>Free TCP ports on the loopback interface, asked from the OS.</summary>
internal static class LoopbackPort
{
    /// <summary>A port nothing listens on now (the OS's choice; another process could still take it before use).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

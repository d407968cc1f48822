using System.Net;
using System.Net.Sockets;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Asks the OS for a free TCP port on loopback, so embedded silos never collide with each other.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

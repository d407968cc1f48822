using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansCrawler.Compose.Tests;

/// <summary>A bare Redis client on one TCP connection (RESP, as redis-cli speaks it): sends commands one by one and
/// returns each first reply line, e.g. "+PONG" or "-NOAUTH Authentication required.". Enough to see whether a
/// published Redis lets a stranger in, with nothing between the test and the socket.</summary>
internal static class RedisProbe
{
    public static async Task<IReadOnlyList<string>> SendAsync(IPEndPoint endpoint, params string[][] commands)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint, cts.Token);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var replies = new List<string>();
        foreach (var command in commands)
        {
            var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
            foreach (var part in command)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cts.Token);
            replies.Add(await reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException($"Redis at {endpoint} closed the connection"));
        }

        return replies;
    }
}

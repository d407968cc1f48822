using OrleansCrawler.Bench.Cluster;

namespace OrleansCrawler.Bench.Tests;

/// <summary>Bytes between silos from <c>ss -tinH</c>: both ends of a connection to a silo port count, other sockets do
/// not, and a measurement is per socket (a socket opened in between counts from zero).</summary>
public sealed class LoopbackTrafficTests
{
    private const string Output = """
        0      0      127.0.0.1:11111 127.0.0.1:40000
        	 bbr wscale:10,10 rto:204 rtt:0.037/0.023 cwnd:14 bytes_sent:1000 bytes_acked:1000 bytes_received:300 segs_out:5
        0      0      127.0.0.1:40000 127.0.0.1:11111
        	 bbr wscale:10,10 rto:204 bytes_sent:300 bytes_acked:300 bytes_received:1000 segs_out:5
        0      0      127.0.0.1:30000 127.0.0.1:40001
        	 bbr wscale:10,10 rto:204 bytes_sent:99999 bytes_acked:99999 bytes_received:5 segs_out:5
        0      0      127.0.0.1:40002 127.0.0.1:22222
        	 cubic bytes_sent:7 bytes_received:0
        """;

    [Fact]
    public void Parse_KeepsSocketsOnASiloPort_WithTheirSentBytes()
    {
        var sockets = LoopbackTraffic.Parse(Output.Replace("\r", "", StringComparison.Ordinal), new HashSet<int> { 11111, 22222 });

        Assert.Equal(3, sockets.Count);
        Assert.Equal(1000, sockets["127.0.0.1:11111 127.0.0.1:40000"]);
        Assert.Equal(300, sockets["127.0.0.1:40000 127.0.0.1:11111"]);
        Assert.Equal(7, sockets["127.0.0.1:40002 127.0.0.1:22222"]);
    }

    [Fact]
    public void Between_SumsGrowthPerSocket_AndCountsNewSocketsFromZero()
    {
        var start = new Dictionary<string, long> { ["a"] = 100, ["b"] = 50 };
        var end = new Dictionary<string, long> { ["a"] = 160, ["b"] = 50, ["c"] = 7 };

        Assert.Equal(60 + 0 + 7, LoopbackTraffic.Between(start, end));
    }

    /// <summary>The real <c>ss</c>: a loopback connection to a listening "silo port" shows the bytes written on it.</summary>
    [Fact]
    public async Task Snapshot_SeesBytesWrittenOnALoopbackConnection()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        using var server = await listener.AcceptTcpClientAsync();
        var before = LoopbackTraffic.Snapshot(new HashSet<int> { port });

        await client.GetStream().WriteAsync(new byte[5000]);
        var read = 0;
        var buffer = new byte[8192];
        while (read < 5000)
        {
            read += await server.GetStream().ReadAsync(buffer);
        }

        var sent = LoopbackTraffic.Between(before, LoopbackTraffic.Snapshot(new HashSet<int> { port }));
        Assert.Equal(5000, sent);
    }
}

using System.Text;
using OrleansCrawler.LocalServers;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Silo.Tests;

/// <summary>Mutual TLS as compose turns it on: the fixture's silos and ocrawl present certificates of the cluster's
/// CA (every other test of the class crawls through it); here, the clients it keeps out and the bytes on the wire.</summary>
public sealed partial class ClusterProcessTests
{
    private ChildProcess OcrawlTls(string? certificate, params string[] args) =>
        cluster.OcrawlWithTls(cluster.Secrets["OCRAWL_REDIS_PASSWORD"], certificate, args);

    private static void RefusedInOneLine(ChildProcess process, string reason)
    {
        Assert.True(process.ExitCode == 3, $"{process.Name} exited {process.ExitCode}:\n{process.Output}");
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, process.Output);
        Assert.StartsWith("error: cannot reach the cluster", lines[0]);
        Assert.Contains(reason, lines[0]);
    }

    [Fact]
    public async Task Jobs_WithoutAClientCertificate_SaysTheGatewayAsksForTls_Exits3()
    {
        using var jobs = OcrawlTls(null, "jobs");
        await jobs.WaitForExitAsync(Limit);
        RefusedInOneLine(jobs, "asks for TLS: give the cluster's client certificate with --tls-cert FILE or OCRAWL_TLS_CERT");
    }

    [Fact]
    public async Task Submit_WithACertificateOfAnotherCa_RefusesTheGateway_Exits3_NothingSubmitted()
    {
        var seeds = Path.Combine(cluster.WorkDirectory, "foreign-ca-seeds.txt");
        await File.WriteAllTextAsync(seeds, "http://127.0.0.1:1/\n");
        using var before = await cluster.OcrawlAsync(Limit, "jobs");
        Succeeded(before);
        using var submit = OcrawlTls(cluster.ForeignClientCertificate, "submit", seeds, "--delay", "0");
        await submit.WaitForExitAsync(Limit);
        RefusedInOneLine(submit, "TLS: the gateway's certificate (CN=ocrawl-silo) is not accepted by the cluster CA given");
        using var after = await cluster.OcrawlAsync(Limit, "jobs");
        Succeeded(after);
        Assert.Equal(before.Output.Split('\n').Length, after.Output.Split('\n').Length);
    }

    [Fact]
    public async Task Jobs_WithACertificateOfAnotherCa_TrustingTheClusterCa_TheGatewayRefusesIt_Exits3()
    {
        using var jobs = OcrawlTls(cluster.ForeignClientCertificate, "jobs", "--tls-ca", cluster.CaCertificate);
        await jobs.WaitForExitAsync(Limit);
        RefusedInOneLine(jobs, "refused this client's certificate (CN=ocrawl-client, issued by CN=foreign CA)");
    }

    [Fact]
    public async Task Jobs_WithAMissingCertificateFile_NamesItAndExits2()
    {
        using var jobs = OcrawlTls(Path.Combine(cluster.WorkDirectory, "no-such.pem"), "jobs");
        await jobs.WaitForExitAsync(Limit);
        Assert.Equal(2, jobs.ExitCode);
        Assert.Contains("no-such.pem' does not exist", jobs.Output);
    }

    /// <summary>A fourth silo behind two recording proxies (it advertises the proxies' ports and listens behind them):
    /// a fifth silo's connections to it and ocrawl's to its gateway are TLS records from the first byte to the last,
    /// and a marker that travels in grain calls (a seed URL) is never seen.</summary>
    [Fact]
    public async Task SiloAndGatewayTraffic_OfAJob_IsTlsRecordsOnly_NoPlaintextMarker()
    {
        int siloPort = Ports.Free(), gatewayPort = Ports.Free();
        await using var siloProxy = new RecordingProxy(siloPort);
        await using var gatewayProxy = new RecordingProxy(gatewayPort);
        using var stray = cluster.StartStraySilo("silo-behind-proxy", env =>
        {
            env["Orleans__SiloPort"] = siloProxy.Port.ToString();
            env["Orleans__SiloListeningPort"] = siloPort.ToString();
            env["Orleans__GatewayPort"] = gatewayProxy.Port.ToString();
            env["Orleans__GatewayListeningPort"] = gatewayPort.ToString();
        });
        await stray.WaitForOutputAsync("Application started", TimeSpan.FromMinutes(2));
        // Orleans uses a silo-to-silo connection both ways, and the silos already up got theirs from the fourth one as it
        // joined: a fifth silo joining after it opens connections to the fourth one's (proxied) silo port.
        using var fifth = cluster.StartStraySilo("silo-after-proxied", _ => { });
        await fifth.WaitForOutputAsync("Application started", TimeSpan.FromMinutes(2));

        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 8, Seed = 45 });
        var marker = "tls-wire-marker-" + Guid.NewGuid().ToString("N");
        var seeds = Path.Combine(cluster.WorkDirectory, "wire-seeds.txt");
        await File.WriteAllLinesAsync(seeds, [.. web.Seeds, .. web.Seeds.Select(s => s.TrimEnd('/') + "/" + marker)]);
        var job = await SubmitAsync(seeds);
        using var watch = await cluster.OcrawlAsync(Limit, "watch", job);
        Succeeded(watch);
        for (var i = 0; i < 3; i++)
        {
            using var status = await cluster.OcrawlAsync(Limit, "status", job);
            Succeeded(status);
        }

        fifth.Terminate();
        stray.Terminate();
        await Task.WhenAll(fifth.WaitForExitAsync(TimeSpan.FromMinutes(1)), stray.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var silo = siloProxy.Connections;
        var gateway = gatewayProxy.Connections;
        Assert.True(silo.Count > 0 && silo.Sum(c => c.Sent.Length + c.Received.Length) > 10_000, $"silo port: {silo.Count} connections ({siloProxy.Refused} not forwarded)\n{stray.Output}");
        Assert.True(gateway.Count > 0, $"no client connected to the proxied gateway ({gatewayProxy.Refused} not forwarded)");
        var needle = Encoding.UTF8.GetBytes(marker);
        foreach (var (sent, received) in silo.Concat(gateway))
        {
            Assert.Equal(22, sent[0]); // a TLS handshake record (ClientHello) opens every connection
            Assert.Null(TlsRecords.FirstNonRecord(sent));
            Assert.Null(TlsRecords.FirstNonRecord(received));
            Assert.Equal(-1, sent.AsSpan().IndexOf(needle));
            Assert.Equal(-1, received.AsSpan().IndexOf(needle));
        }
    }
}

/// <summary>Reads a byte stream as TLS records (RFC 8446 §5.1: type, legacy version 3.x, length, payload).</summary>
public static class TlsRecords
{
    /// <summary>Null when <paramref name="bytes"/> is nothing but TLS records (the last may be cut short); else where
    /// and what the first non-record bytes are.</summary>
    public static string? FirstNonRecord(byte[] bytes)
    {
        var at = 0;
        while (at + 5 <= bytes.Length)
        {
            var type = bytes[at];
            var length = (bytes[at + 3] << 8) | bytes[at + 4];
            if (type is < 20 or > 23 || bytes[at + 1] != 3 || length > 16384 + 256)
            {
                return $"byte {at} of {bytes.Length}: {Convert.ToHexString(bytes.AsSpan(at, Math.Min(16, bytes.Length - at)))}";
            }

            at += 5 + length;
        }

        return null;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl robots check` as a real process.</summary>
public class RobotsCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Check_RobotsFile_PrintsTheVerdictPerUrl()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("robots.txt"), "User-agent: *\nDisallow: /private/\nAllow: /private/open/\n\nUser-agent: ExampleBot\nDisallow: /\n");

        using var star = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--robots", "robots.txt",
            "http://a.example/", "http://a.example/private/x.html", "https://a.example/private/open/y?z=1");
        using var named = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--robots", "robots.txt",
            "--agent", "examplebot/2.0", "http://a.example/", "http://a.example/private/open/y");

        Assert.True(star.ExitCode == 0, star.Stderr);
        Assert.Equal(["allowed http://a.example/", "disallowed http://a.example/private/x.html", "allowed https://a.example/private/open/y?z=1"], Lines(star.Stdout));
        Assert.Equal(0, named.ExitCode);
        Assert.Equal(["disallowed http://a.example/", "disallowed http://a.example/private/open/y"], Lines(named.Stdout));
    }

    [Fact]
    public async Task Check_MissingFile_Exits2NamingTheFile()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--robots", "nope.txt", "http://a.example/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.txt", run.Stderr);
        Assert.Equal("", run.Stdout.Trim());
    }

    [Theory]
    [InlineData("/relative/path")]
    [InlineData("ftp://a.example/file")]
    [InlineData("not a url")]
    public async Task Check_NotAnAbsoluteHttpUrl_Exits2NamingIt(string url)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("robots.txt"), "User-agent: *\nDisallow:\n");

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--robots", "robots.txt", "http://a.example/", url);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{url}'", run.Stderr);
    }

    [Fact]
    public async Task Check_NeitherFileNorFetch_Exits2()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "http://a.example/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--robots", run.Stderr);
    }

    [Fact]
    public async Task Check_FetchFromTheTestWeb_ObeysItsRobotsTxt()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 40, Hosts = 2, Seed = 3 });
        var a = web.Seeds[0].TrimEnd('/');
        var b = web.Seeds[1].TrimEnd('/');

        using var star = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--fetch",
            a + "/", a + "/private/p1.html", a + "/private/open/p2.html", b + "/private/p3.html", b + "/s1/p4.html");
        using var named = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--fetch", "--agent", "ExampleBot/1.0", a + "/", b + "/s1/p4.html");

        Assert.True(star.ExitCode == 0, star.Stderr);
        Assert.Equal([$"allowed {a}/", $"disallowed {a}/private/p1.html", $"allowed {a}/private/open/p2.html", $"disallowed {b}/private/p3.html", $"allowed {b}/s1/p4.html"], Lines(star.Stdout));
        Assert.Equal([$"disallowed {a}/", $"disallowed {b}/s1/p4.html"], Lines(named.Stdout));
        Assert.Equal(2, web.RequestLog.Snapshot().Count(e => e.PathAndQuery == "/robots.txt" && e.Authority == web.Authorities[0]));
        Assert.DoesNotContain(web.RequestLog.Snapshot(), e => e.PathAndQuery != "/robots.txt");
    }

    [Theory]
    [InlineData(404, "allowed")]
    [InlineData(410, "allowed")]
    [InlineData(500, "disallowed")]
    [InlineData(503, "disallowed")]
    public async Task Check_FetchStatus_AppliesRfc9309(int status, string verdict)
    {
        using var dir = new TempDirectory();
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var root = $"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}";
        var serving = AnswerOnceAsync(server, status);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--fetch", root + "/page");
        var requestLine = await serving;

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal([$"{verdict} {root}/page"], Lines(run.Stdout));
        Assert.Equal("GET /robots.txt HTTP/1.1", requestLine);
        Assert.Contains($"status {status}", run.Stderr);
    }

    [Fact]
    public async Task Check_FetchUnreachable_Disallows()
    {
        using var dir = new TempDirectory();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "robots", "check", "--fetch", $"http://127.0.0.1:{port}/x");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"disallowed http://127.0.0.1:{port}/x"], Lines(run.Stdout));
    }

    /// <summary>Answers one HTTP request with the status and a robots.txt that would disallow everything if it were
    /// read; returns the request line.</summary>
    private static async Task<string> AnswerOnceAsync(TcpListener server, int status)
    {
        using var client = await server.AcceptTcpClientAsync();
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync() ?? "";
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
        {
        }

        const string body = "User-agent: *\nDisallow: /\n";
        var response = $"HTTP/1.1 {status} Status\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return requestLine;
    }
}

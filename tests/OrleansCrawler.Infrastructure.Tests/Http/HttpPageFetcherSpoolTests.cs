using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.Infrastructure.Warc;

namespace OrleansCrawler.Infrastructure.Tests.Http;

/// <summary>A content-coded body is archived as it was received without being held in memory twice: the bytes as
/// received are recorded as they arrive, past a bound into a temporary file that no one can see (unlinked at once),
/// and the WARC record written from that recording is the server's bytes, digests included.</summary>
public sealed class HttpPageFetcherSpoolTests : IAsyncLifetime
{
    private readonly string _html = Html();
    private byte[] _gzip = [];
    private WebApplication _app = null!;
    private string _root = "";

    public async Task InitializeAsync()
    {
        using (var compressed = new MemoryStream())
        {
            using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(_html));
            }

            _gzip = compressed.ToArray();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/big.html", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentEncoding = "gzip";
            // In pieces, so the body arrives in several reads.
            for (var at = 0; at < _gzip.Length; at += 8 * 1024)
            {
                await context.Response.Body.WriteAsync(_gzip.AsMemory(at, Math.Min(8 * 1024, _gzip.Length - at)));
                await context.Response.Body.FlushAsync();
            }
        });
        _app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nAllow: /\n"));
        await _app.StartAsync();
        _root = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>About 600 kB of HTML whose words are drawn at random, so it stays far above the memory part once gzipped.</summary>
    private static string Html()
    {
        var random = new Random(17);
        string[] words = ["harbour", "lantern", "meadow", "copper", "violet", "granite", "thunder", "willow", "ember", "quartz", "orchard", "falcon"];
        var html = new StringBuilder("<!doctype html><html><head><title>Big</title></head><body>");
        for (var p = 0; p < 6000; p++)
        {
            html.Append("<p>");
            for (var w = 0; w < 12; w++)
            {
                html.Append(words[random.Next(words.Length)]).Append(random.Next(1000)).Append(' ');
            }

            html.Append("</p>\n");
        }

        return html.Append("</body></html>").ToString();
    }

    private sealed class InspectingRecorder(IExchangeRecorder inner, string spool) : IExchangeRecorder
    {
        public List<(long Length, bool Spilled, int InMemory, int SpoolFiles)> Seen { get; } = [];

        public Task RecordAsync(HttpExchange exchange, CancellationToken cancellationToken = default)
        {
            var recording = exchange.Payload as PayloadRecording;
            Seen.Add((exchange.Payload.Length, recording?.Spilled ?? false, recording?.MemoryLength ?? -1, Directory.GetFiles(spool).Length));
            return inner.RecordAsync(exchange, cancellationToken);
        }
    }

    [Fact]
    public async Task Fetch_GzipBodyBeyondTheMemoryPart_IsRecordedAsServed_TheTailOnDiskInAnUnlinkedFile()
    {
        using var spool = new TempDirectory();
        using var warc = new TempDirectory();
        var options = new FetcherOptions { ArchiveMemoryBytes = 4096, SpoolDirectory = spool.Path };
        using var plain = new HttpPageFetcher(options, TimeProvider.System);
        var writer = new WarcWriter(warc.Path, "spool", WarcWriter.DefaultRotateBytes, TimeProvider.System);
        var recorder = new InspectingRecorder(writer, spool.Path);

        var result = await plain.RecordingTo(recorder).FetchAsync(new Uri(_root + "/big.html"));
        await writer.DisposeAsync();

        Assert.Equal(200, result.Status);
        Assert.Equal(_html, result.Body);
        Assert.True(_gzip.Length > 64 * 1024, $"the gzip body is only {_gzip.Length} bytes");
        var (length, spilled, inMemory, spoolFiles) = Assert.Single(recorder.Seen);
        Assert.Equal(_gzip.Length, length);
        Assert.True(spilled, "the body stayed in memory");
        Assert.Equal(4096, inMemory);
        Assert.Equal(0, spoolFiles);
        Assert.Empty(Directory.GetFiles(spool.Path));

        var archived = Inflate(Assert.Single(Directory.GetFiles(warc.Path)));
        ByteSearch.Contains(Encoding.Latin1.GetBytes($"WARC-Payload-Digest: {WarcDigest.Sha1(_gzip)}\r\n"), archived);
        ByteSearch.Contains(_gzip, archived);
    }

    [Fact]
    public void Recording_ReadTwice_GivesEveryByteInOrder_AndSmallBodiesStayInMemory()
    {
        using var spool = new TempDirectory();
        var bytes = new byte[10_000];
        new Random(3).NextBytes(bytes);
        using var small = new PayloadRecording(16 * 1024, spool.Path);
        using var large = new PayloadRecording(1000, spool.Path);
        for (var at = 0; at < bytes.Length; at += 777)
        {
            small.Append(bytes.AsSpan(at, Math.Min(777, bytes.Length - at)));
            large.Append(bytes.AsSpan(at, Math.Min(777, bytes.Length - at)));
        }

        Assert.False(small.Spilled);
        Assert.True(large.Spilled);
        Assert.Equal(1000, large.MemoryLength);
        Assert.Equal(bytes, small.ToArray());
        Assert.Equal(bytes, large.ToArray());
        Assert.Equal(bytes, large.ToArray());
        Assert.Equal(bytes.Length, large.Length);
        Assert.Empty(Directory.GetFiles(spool.Path));
    }

    [Fact]
    public async Task Fetch_SpoolFolderMissing_ThrowsTheCrawlersOwnError_NotAFailedPage()
    {
        using var warc = new TempDirectory();
        var options = new FetcherOptions { ArchiveMemoryBytes = 4096, SpoolDirectory = Path.Combine(warc.Path, "no-such-folder") };
        using var plain = new HttpPageFetcher(options, TimeProvider.System);
        await using var writer = new WarcWriter(warc.Path, "spool", WarcWriter.DefaultRotateBytes, TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => plain.RecordingTo(writer).FetchAsync(new Uri(_root + "/big.html")));

        Assert.Contains("no-such-folder", error.Message);
    }

    private static byte[] Inflate(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var all = new MemoryStream();
        gzip.CopyTo(all);
        return all.ToArray();
    }
}

internal static class ByteSearch
{
    public static void Contains(byte[] needle, byte[] haystack) =>
        Xunit.Assert.True(haystack.AsSpan().IndexOf(needle) >= 0, $"{needle.Length} bytes not found in {haystack.Length}");
}

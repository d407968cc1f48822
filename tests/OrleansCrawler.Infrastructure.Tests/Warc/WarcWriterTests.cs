using System.IO.Compression;
using System.Text;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Warc;

namespace OrleansCrawler.Infrastructure.Tests.Warc;

/// <summary>The WARC writer and the scanner that repairs its files, on real files. (The records are also read by an
/// independent reader, warcio, in tests/OrleansCrawler.Cli.Tests/WarcEndToEndTests.)</summary>
public class WarcWriterTests
{
    private static HttpExchange Exchange(string url, string body) => new(new Uri(url), DateTimeOffset.UnixEpoch, "127.0.0.1",
        Encoding.ASCII.GetBytes($"GET {new Uri(url).PathAndQuery} HTTP/1.1\r\nHost: {new Uri(url).Authority}\r\n\r\n"),
        Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n"), Encoding.ASCII.GetBytes(body));

    private static string Inflate(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task RecordAsync_SamePayloadTwice_WritesResponseThenRevisitReferringToIt()
    {
        using var dir = new TempDirectory();
        await using (var writer = new WarcWriter(dir.Path, "job-1", WarcWriter.DefaultRotateBytes, TimeProvider.System))
        {
            await writer.RecordAsync(Exchange("http://a.test/x", "same body"));
            await writer.RecordAsync(Exchange("http://a.test/y", "same body"));
        }

        var file = Assert.Single(Directory.GetFiles(dir.Path));
        Assert.StartsWith("ocrawl-job_1-", Path.GetFileName(file));
        var records = WarcFileScanner.Scan(file).Records;
        Assert.Equal(["warcinfo", "response", "request", "revisit", "request"], records.Select(r => r.Type));
        var text = Inflate(file);
        Assert.Contains($"WARC-Refers-To: {records[1].RecordId}", text);
        Assert.Contains($"WARC-Concurrent-To: {records[1].RecordId}", text);
        Assert.Contains($"WARC-Payload-Digest: {WarcDigest.Sha1("same body"u8)}", text);
        Assert.Contains("WARC-Profile: " + WarcRecordHeader.IdenticalPayloadProfile, text);
    }

    [Fact]
    public void Sha1_OfAbc_IsTheBase32OfTheKnownDigest()
    {
        // SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d, in RFC 4648 base32:
        Assert.Equal("sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", WarcDigest.Sha1("abc"u8));
    }

    /// <summary>Record ids are version-4 UUIDs (RFC 9562: version nibble 4, variant bits 10) as URNs, and never repeat.</summary>
    [Fact]
    public void NewRecordId_IsTheUrnOfARandomVersion4Uuid_AndNeverRepeats()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => WarcRecordHeader.NewRecordId()).ToList();

        Assert.All(ids, id => Assert.Matches("^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Random bits everywhere else: each of the 32 hex digits but the version's takes more than one value.
        var digits = ids.Select(id => id[10..^1].Replace("-", "", StringComparison.Ordinal)).ToList();
        Assert.All(Enumerable.Range(0, 32).Where(i => i != 12), i => Assert.True(digits.Select(d => d[i]).Distinct().Count() > 1, $"digit {i}"));
    }

    [Fact]
    public async Task RecordAsync_PastTheRotationSize_StartsNewFilesEachWithWarcinfo()
    {
        using var dir = new TempDirectory();
        await using (var writer = new WarcWriter(dir.Path, "job", 2000, TimeProvider.System))
        {
            for (var i = 0; i < 10; i++)
            {
                await writer.RecordAsync(Exchange($"http://a.test/{i}", $"body {i} {new string((char)('a' + i), 3000)}"));
            }
        }

        var files = Directory.GetFiles(dir.Path).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 1, $"{files.Count} files");
        Assert.All(files.SkipLast(1), f => Assert.True(new FileInfo(f).Length >= 2000, $"{f} rotated early"));
        Assert.All(files, f => Assert.Equal("warcinfo", WarcFileScanner.Scan(f).Records[0].Type));
        Assert.Equal(10, files.Sum(f => WarcFileScanner.Scan(f).Records.Count(r => r.Type == "response")));
    }

    [Fact]
    public async Task NewWriter_AfterATornTail_CutsItAndRevisitsPayloadsOfTheEarlierFile()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var writer = new WarcWriter(dir.Path, "job", WarcWriter.DefaultRotateBytes, TimeProvider.System))
        {
            await writer.RecordAsync(Exchange("http://a.test/1", "one"));
            await writer.RecordAsync(Exchange("http://a.test/2", new string('z', 5000)));
            first = Assert.Single(writer.Files);
        }

        var whole = WarcFileScanner.Scan(first);
        Assert.False(whole.IsTorn);
        // A crash mid-record: the last member loses its end.
        var cutAt = whole.FileLength - 30;
        using (var file = new FileStream(first, FileMode.Open))
        {
            file.SetLength(cutAt);
        }

        var torn = WarcFileScanner.Scan(first);
        Assert.True(torn.IsTorn);
        Assert.Equal(whole.Records.Count - 1, torn.Records.Count);

        await using (var writer = new WarcWriter(dir.Path, "job", WarcWriter.DefaultRotateBytes, TimeProvider.System))
        {
            await writer.RecordAsync(Exchange("http://a.test/1-again", "one"));
        }

        var repaired = WarcFileScanner.Scan(first);
        Assert.False(repaired.IsTorn);
        Assert.Equal(torn.ValidLength, repaired.FileLength);
        var second = Directory.GetFiles(dir.Path).Single(f => f != first);
        var records = WarcFileScanner.Scan(second).Records;
        Assert.Equal("revisit", records[1].Type);
        Assert.Contains($"WARC-Refers-To: {whole.Records[1].RecordId}", Inflate(second));
    }

    [Fact]
    public void Scan_AGarbageFile_FindsNoRecordAndCallsItAllTorn()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "x.warc.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

        var result = WarcFileScanner.Repair(path);

        Assert.Empty(result.Records);
        Assert.Equal(0, new FileInfo(path).Length);
    }
}

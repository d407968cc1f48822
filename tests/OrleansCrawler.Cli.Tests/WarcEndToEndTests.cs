using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansCrawler.Infrastructure.Warc;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --warc DIR` as a real process against the test web, its files read by warcio (not ours): every
/// record parses, every digest matches, every URL of the truth set has a response whose payload is what the web
/// serves, robots.txt is archived, revisits point at real records; after kill -9 and --resume nothing is missing.</summary>
[Collection(nameof(ResumeCollection))]
public class WarcEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Run_WithWarc_ArchivesEveryTruthUrlAsServed_AndExportsOneCombinedFile()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 3, Seed = 17 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--warc", "warc", "--warc-rotate", "256KB", "--data", "data", "--delay", "0", "--quiet");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");

        var files = Directory.GetFiles(dir.File("warc"), "*.warc.gz");
        Assert.True(files.Length > 1, $"{files.Length} files: rotation at 256 KB should have made several");
        var archive = await WarcReader.ReadAsync(files);
        Assert.True(archive.Errors.Count == 0, string.Join("\n", archive.Errors.Take(20)));
        Assert.Equal(files.Length, archive.Counts["warcinfo"]);

        var truth = web.ComputeTruth();
        var byUri = archive.Records.Where(r => r.GetProperty("type").GetString() is "response" or "revisit")
            .ToLookup(r => r.GetProperty("uri").GetString()!, StringComparer.Ordinal);
        Assert.DoesNotContain(truth, u => !byUri.Contains(u));
        Assert.All(web.Authorities, a => Assert.True(byUri.Contains($"http://{a}/robots.txt"), $"no robots.txt record for {a}"));
        Assert.Equal(archive.Counts["request"], archive.Counts["response"] + archive.Counts.GetValueOrDefault("revisit"));

        // The payload as the web serves it (same Accept-Encoding as the crawler, content coding kept).
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var compared = 0;
        foreach (var url in truth)
        {
            var record = byUri[url].First();
            using var response = await client.GetAsync(url);
            var served = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal((int)response.StatusCode, record.GetProperty("status").GetInt32());
            Assert.True(WarcDigest.Sha1(served) == record.GetProperty("payloadDigest").GetString(), $"{url}: the archived payload is not what the web serves");
            compared++;
        }

        Assert.True(compared > 300, $"{compared} payloads compared");

        using var export = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "warc", "--out", "all.warc.gz");
        Assert.True(export.ExitCode == 0, $"exit {export.ExitCode}\n{export.Stderr}");
        var combined = await WarcReader.ReadAsync([dir.File("all.warc.gz")]);
        Assert.Empty(combined.Errors);
        Assert.Equal(archive.Counts, combined.Counts);
    }

    [Fact]
    public async Task Run_WithWarcKilledMidCrawl_ResumesWithEveryFileReadableAndNothingMissing()
    {
        using var dir = new TempDirectory();
        using var site = OcrawlProcess.Start(dir.Path, "testsite", "--pages", "3000", "--hosts", "6", "--latency", "20ms", "--seed", "23",
            "--seeds-out", "seeds.txt", "--truth-out", "truth.txt");
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));
        var truth = File.ReadAllLines(dir.File("truth.txt")).Where(l => l.Length > 0).ToList();

        using (var run = OcrawlProcess.Start(dir.Path, "run", "seeds.txt", "--warc", "warc", "--data", "data", "--delay", "0", "--per-host", "2"))
        {
            Assert.True(await WaitForResultsAsync(dir.File("data/results.db"), truth.Count * 4 / 10, run), $"the crawl ended early\n{run.Stdout}\n{run.Stderr}");
            run.KillHard();
            await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(137, run.ExitCode);
        }

        using var resumed = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--resume", "--data", "data");
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}\n{resumed.Stdout}\n{resumed.Stderr}");

        var files = Directory.GetFiles(dir.File("warc"), "*.warc.gz");
        Assert.True(files.Length >= 2, $"{files.Length} files: the resumed run writes its own");
        var archive = await WarcReader.ReadAsync(files);
        Assert.True(archive.Errors.Count == 0, string.Join("\n", archive.Errors.Take(20)));
        var archived = archive.Records.Where(r => r.GetProperty("type").GetString() is "response" or "revisit")
            .Select(r => r.GetProperty("uri").GetString()!).ToHashSet(StringComparer.Ordinal);
        var missing = truth.Where(u => !archived.Contains(u)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} truth URLs not archived, e.g. {string.Join(", ", missing.Take(5))}");
    }

    [Theory]
    [InlineData("--warc-rotate", "lots", "--warc-rotate: 'lots' is not a size")]
    [InlineData("--warc-rotate", "100", "--warc-rotate: '100' is not a size of at least 1KB")]
    [InlineData("--warc", "seeds.txt", "--warc: 'seeds.txt' is not a folder")]
    public async Task Run_BadWarcOption_ExitsTwoNamingTheValue(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("seeds.txt"), "http://127.0.0.1:9/\n");

        string[] warc = option == "--warc" ? [] : ["--warc", "warc"];
        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, ["run", "seeds.txt", .. warc, option, value, "--delay", "0"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    private static async Task<bool> WaitForResultsAsync(string database, long count, OcrawlProcess run)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline && !run.HasExited)
        {
            if (File.Exists(database))
            {
                using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM results";
                try
                {
                    if ((long)command.ExecuteScalar()! >= count)
                    {
                        return true;
                    }
                }
                catch (SqliteException)
                {
                    // The table may not exist yet.
                }
            }

            await Task.Delay(100);
        }

        return false;
    }
}

using System.Text.Json;
using OrleansCrawler.LocalServers;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Silo.Tests;

/// <summary>The cluster as users run it: three silo processes with the compose configuration, Redis and
/// PostgreSQL, and ocrawl as separate processes.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private static void Succeeded(ChildProcess process) =>
        Assert.True(process.ExitCode == 0, $"{process.Name} exited {process.ExitCode}:\n{process.Output}");

    private async Task<string> SubmitAsync(string seedsFile, params string[] options)
    {
        using var submit = await cluster.OcrawlAsync(Limit, ["submit", seedsFile, "--delay", "0", .. options]);
        Succeeded(submit);
        return submit.Output.Trim().Split('\n')[^1].Trim();
    }

    private async Task<List<JsonElement>> ExportAsync(string job)
    {
        var file = Path.Combine(cluster.WorkDirectory, job + ".jsonl");
        using var export = await cluster.OcrawlAsync(Limit, "export", job, "--format", "jsonl", "--out", file);
        Succeeded(export);
        return [.. File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    private static HashSet<string> HtmlUrls(IEnumerable<JsonElement> results) =>
        results.Where(r => r.GetProperty("status").GetInt32() == 200 && (r.GetProperty("contentType").GetString() ?? "").StartsWith("text/html", StringComparison.Ordinal))
            .Select(r => r.GetProperty("url").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    private static void EqualsTruth(IReadOnlyCollection<string> truth, HashSet<string> fetched) =>
        Assert.True(fetched.SetEquals(truth),
            $"truth {truth.Count}, fetched {fetched.Count}; missing {string.Join(' ', truth.Except(fetched).Take(3))}; extra {string.Join(' ', fetched.Except(truth).Take(3))}");

    [Fact]
    public async Task SubmitWatchExport_ThreeSiloProcesses_ExportIsExactlyTheTruthSet()
    {
        var dir = cluster.WorkDirectory;
        using var site = ChildProcess.Start("testsite", "dotnet", [Repository.OcrawlDll, "testsite", "--pages", "2000", "--hosts", "10",
            "--seeds-out", "web1-seeds.txt", "--truth-out", "web1-truth.txt", "--request-log", "web1-requests.tsv"], dir);
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));

        var job = await SubmitAsync("web1-seeds.txt");
        using var watch = await cluster.OcrawlAsync(Limit, "watch", job);
        Succeeded(watch);
        Assert.Contains("Completed", watch.Output);

        var results = await ExportAsync(job);
        var urls = results.Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.Equal(urls.Count, urls.Distinct(StringComparer.Ordinal).Count());
        EqualsTruth([.. File.ReadAllLines(Path.Combine(dir, "web1-truth.txt")).Where(l => l.Length > 0)], HtmlUrls(results));

        var csvFile = Path.Combine(dir, job + ".csv");
        using var csv = await cluster.OcrawlAsync(Limit, "export", job, "--format", "csv", "--out", csvFile);
        Succeeded(csv);
        var csvLines = File.ReadAllLines(csvFile);
        Assert.StartsWith("url,finalUrl,status,depth,title,outlinks,contentType,bytes,fetchedAt,error,canonical,noindex", csvLines[0]);
        Assert.Equal(results.Count + 1, csvLines.Length);

        site.Terminate();
        await site.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var log = RequestLog.Load(Path.Combine(dir, "web1-requests.tsv"));
        Assert.DoesNotContain(log.GroupBy(e => (e.Authority, e.PathAndQuery)), g => g.Count() > 1);
        Assert.DoesNotContain(log, e => !TestWeb.IsAllowedByRobots(e.PathAndQuery));
        Assert.True(log.Max(e => e.ConcurrentForHost) <= 2);

        using var status = await cluster.OcrawlAsync(Limit, "status", job);
        Succeeded(status);
        Assert.Contains("Completed", status.Output);
        Assert.Contains("http-404", status.Output);
    }

    [Fact]
    public async Task SubmitWithLinks_ExportedLinkGraph_IsTheTestWebsOwn()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 300, Hosts = 3, Seed = 41 });
        var seeds = Path.Combine(cluster.WorkDirectory, "graph-seeds.txt");
        await File.WriteAllLinesAsync(seeds, web.Seeds);

        var job = await SubmitAsync(seeds, "--links");
        using var watch = await cluster.OcrawlAsync(Limit, "watch", job);
        Succeeded(watch);
        var file = Path.Combine(cluster.WorkDirectory, job + ".links.jsonl");
        using var export = await cluster.OcrawlAsync(Limit, "export", job, "--format", "links-jsonl", "--out", file);
        Succeeded(export);

        var expected = web.ComputeLinkGraph([.. web.ComputeTruth()]).Select(e => $"{e.From} -> {e.To}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 1000, $"{expected.Count} edges");
        Assert.Equal(expected, File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => $"{e.GetProperty("from").GetString()} -> {e.GetProperty("to").GetString()}").Order(StringComparer.Ordinal));
    }

    /// <summary><c>--extract</c> through <c>ocrawl submit</c>: the rules travel in the spec to three silo processes, the
    /// fields land in PostgreSQL, and the cluster export (JSONL with <c>--only-fields</c>, CSV) gives every product page's
    /// fields as the test web's generator wrote them.</summary>
    [Fact]
    public async Task SubmitWithExtract_ClusterExport_HasEveryProductsFields()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 150, Hosts = 3, Seed = 43, ProductPercent = 100 });
        var seeds = Path.Combine(cluster.WorkDirectory, "fields-seeds.txt");
        var rules = Path.Combine(cluster.WorkDirectory, "fields-rules.yaml");
        await File.WriteAllLinesAsync(seeds, web.Seeds);
        await File.WriteAllTextAsync(rules, """
            rules:
              - url: "http://127.0.0.1:*/**.html"
                fields:
                  name: { css: "h1.product-name", required: true }
                  price: { css: "span.price", attr: data-amount }
                  tags: { css: "ul.tags li", all: true }
                  reviews: { css: ".reviews .review", take: count }
            """);

        var job = await SubmitAsync(seeds, "--extract", rules);
        using var watch = await cluster.OcrawlAsync(Limit, "watch", job);
        Succeeded(watch);
        var file = Path.Combine(cluster.WorkDirectory, job + ".fields.jsonl");
        using var export = await cluster.OcrawlAsync(Limit, "export", job, "--format", "jsonl", "--only-fields", "--out", file);
        Succeeded(export);
        var csvFile = Path.Combine(cluster.WorkDirectory, job + ".fields.csv");
        using var csv = await cluster.OcrawlAsync(Limit, "export", job, "--format", "csv", "--only-fields", "--out", csvFile);
        Succeeded(csv);

        var pages = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var products = web.ComputeTruth().Where(u => web.Pages.Product(u) is not null).ToHashSet(StringComparer.Ordinal);
        Assert.True(products.Count > 100, $"{products.Count} product pages");
        Assert.Equal(products.Order(StringComparer.Ordinal), pages.Select(p => p.GetProperty("url").GetString()!).Order(StringComparer.Ordinal));
        foreach (var page in pages)
        {
            var truth = web.Pages.Product(page.GetProperty("url").GetString()!)!;
            var fields = page.GetProperty("fields");
            Assert.Equal((truth.Name, truth.Price, truth.Reviews), (fields.GetProperty("name").GetString(), fields.GetProperty("price").GetString(), fields.GetProperty("reviews").GetInt32()));
            Assert.Equal(truth.Tags, fields.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        }

        var csvLines = File.ReadAllLines(csvFile);
        Assert.EndsWith(",fields.name,fields.price,fields.tags,fields.reviews,missingFields,fieldErrors", csvLines[0], StringComparison.Ordinal);
        Assert.Equal(pages.Count + 1, csvLines.Length);
    }

    [Fact]
    public async Task TwoJobsTogether_OverDifferentWebs_BothCompleteWithSeparateResults()
    {
        await using var webA = await TestWeb.StartAsync(new TestWebOptions { Pages = 600, Hosts = 4, Seed = 31 });
        await using var webB = await TestWeb.StartAsync(new TestWebOptions { Pages = 500, Hosts = 3, Seed = 32 });
        await File.WriteAllLinesAsync(Path.Combine(cluster.WorkDirectory, "a.txt"), webA.Seeds);
        await File.WriteAllLinesAsync(Path.Combine(cluster.WorkDirectory, "b.txt"), webB.Seeds);

        var jobs = await Task.WhenAll(SubmitAsync("a.txt"), SubmitAsync("b.txt", "--max-depth", "50"));
        foreach (var w in await Task.WhenAll(jobs.Select(j => cluster.OcrawlAsync(Limit, "watch", j))))
        {
            Succeeded(w);
            w.Dispose();
        }

        EqualsTruth(webA.ComputeTruth(), HtmlUrls(await ExportAsync(jobs[0])));
        EqualsTruth(webB.ComputeTruth(), HtmlUrls(await ExportAsync(jobs[1])));
        using var list = await cluster.OcrawlAsync(Limit, "jobs");
        Succeeded(list);
        Assert.Contains(jobs[0], list.Output);
        Assert.Contains(jobs[1], list.Output);
    }

    [Fact]
    public async Task PauseResumeCancel_RequestLogGoesQuietThenContinuesThenStops()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 3000, Hosts = 3, Seed = 33, Latency = TimeSpan.FromMilliseconds(40) });
        await File.WriteAllLinesAsync(Path.Combine(cluster.WorkDirectory, "p.txt"), web.Seeds);
        var job = await SubmitAsync("p.txt");
        await WaitUntilAsync(() => web.RequestLog.Count > 30);

        using var pause = await cluster.OcrawlAsync(Limit, "pause", job);
        Succeeded(pause);
        Assert.Contains("Paused", pause.Output);
        await Task.Delay(1500); // in-flight fetches finish
        var quiet = web.RequestLog.Count;
        await Task.Delay(2000);
        Assert.Equal(quiet, web.RequestLog.Count);

        using var resume = await cluster.OcrawlAsync(Limit, "resume", job);
        Succeeded(resume);
        await WaitUntilAsync(() => web.RequestLog.Count > quiet + 20);

        using var cancel = await cluster.OcrawlAsync(Limit, "cancel", job);
        Succeeded(cancel);
        Assert.Contains("Cancelled", cancel.Output);
        using var status = await cluster.OcrawlAsync(Limit, "status", job);
        Assert.Contains("Cancelled", status.Output);
        var results = await ExportAsync(job);
        Assert.InRange(results.Count, 1, 2999);
    }

    [Fact]
    public async Task Status_UnknownJob_SaysSoAndExits2()
    {
        using var status = await cluster.OcrawlAsync(Limit, "status", "no-such-job");
        Assert.Equal(2, status.ExitCode);
        Assert.Contains("no job 'no-such-job'", status.Output);
    }

    [Fact]
    public async Task Jobs_UnreachableCluster_NamesTheAddressAndExits3()
    {
        // Not OcrawlAsync, which tries a connection failure again.
        using var jobs = cluster.Ocrawl("jobs", "--cluster", "redis://127.0.0.1:1");
        await jobs.WaitForExitAsync(Limit);
        Assert.Equal(3, jobs.ExitCode);
        Assert.Contains("redis://127.0.0.1:1", jobs.Output);
    }

    [Fact]
    public async Task Jobs_WithoutTheRedisPassword_SaysOneIsNeededAndExits3()
    {
        using var jobs = cluster.OcrawlWith(null, "jobs");
        await jobs.WaitForExitAsync(Limit);
        Assert.Equal(3, jobs.ExitCode);
        Assert.Contains("Redis asks for a password: set OCRAWL_REDIS_PASSWORD", jobs.Output);
    }

    [Fact]
    public async Task Submit_WithAWrongRedisPassword_IsRefusedAndExits3_NothingSubmitted()
    {
        var seeds = Path.Combine(cluster.WorkDirectory, "wrong-password-seeds.txt");
        await File.WriteAllTextAsync(seeds, "http://127.0.0.1:1/\n");
        using var before = await cluster.OcrawlAsync(Limit, "jobs");
        using var submit = cluster.OcrawlWith("not-the-password", "submit", seeds, "--delay", "0");
        await submit.WaitForExitAsync(Limit);
        Assert.Equal(3, submit.ExitCode);
        Assert.Contains("Redis refused the password given", submit.Output);
        Assert.DoesNotContain("not-the-password", submit.Output);
        using var after = await cluster.OcrawlAsync(Limit, "jobs");
        Assert.Equal(0, after.ExitCode);
        Assert.Equal(before.Output.Split('\n').Length, after.Output.Split('\n').Length);
    }

    [Fact]
    public async Task Silo_WithoutTheRedisPassword_CannotJoin_AndSaysWhy()
    {
        using var silo = cluster.StartStraySilo("silo-without-password", env => env.Remove("Crawler__Cluster__RedisPassword"));
        var code = await silo.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, code);
        Assert.Contains("NOAUTH", silo.Output);
        using var jobs = await cluster.OcrawlAsync(Limit, "jobs");
        Assert.Equal(0, jobs.ExitCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within a minute");
            await Task.Delay(100);
        }
    }

    /// <summary><c>submit --warc DIR --content markdown</c> on three silo processes: every silo archives what it fetched
    /// into the job's folder under its own file names, warcio (not ours) reads every file cleanly with every digest
    /// matching, every truth-set URL has a response record, and the cluster's export carries each article page's Markdown,
    /// which holds exactly the generator's article.</summary>
    [Fact]
    public async Task SubmitWithWarcAndContent_EverySiloArchivesItsFetches_AndTheExportCarriesTheMarkdown()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 240, Hosts = 9, Seed = 43, ArticlePercent = 40 });
        var seeds = Path.Combine(cluster.WorkDirectory, "warc-seeds.txt");
        await File.WriteAllLinesAsync(seeds, web.Seeds);
        var warc = Path.Combine(cluster.WorkDirectory, "warc-" + Guid.NewGuid().ToString("N")[..8]);

        var job = await SubmitAsync(seeds, "--warc", warc, "--content", "markdown");
        using var watch = await cluster.OcrawlAsync(Limit, "watch", job);
        Succeeded(watch);
        Assert.Contains("Completed", watch.Output);

        var files = Directory.GetFiles(warc, "*.warc.gz");
        var archive = await OrleansCrawler.Cli.Tests.WarcReader.ReadAsync(files);
        Assert.True(archive.Errors.Count == 0, string.Join("\n", archive.Errors.Take(20)));
        var writers = files.Select(f => Path.GetFileName(f).Split('-')[^3]).Distinct().ToList(); // ...-{pid}-{time}-{serial}
        Assert.True(writers.Count >= 2, $"one silo wrote every file ({string.Join(' ', files.Select(Path.GetFileName))}): 9 hosts should spread over the silos");
        var truth = web.ComputeTruth();
        var archived = archive.Records.Where(r => r.GetProperty("type").GetString() is "response" or "revisit")
            .Select(r => r.GetProperty("uri").GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(truth, u => !archived.Contains(u));

        var results = await ExportAsync(job);
        EqualsTruth(truth, HtmlUrls(results));
        var articles = 0;
        foreach (var page in results.Where(r => r.GetProperty("status").GetInt32() == 200))
        {
            var url = page.GetProperty("url").GetString()!;
            if (web.Pages.Article(url) is not { } article)
            {
                continue;
            }

            articles++;
            Assert.True(page.TryGetProperty("markdown", out var markdown), $"{url}: no markdown");
            var tokens = ArticleTruth.Tokens([System.Text.RegularExpressions.Regex.Replace(markdown.GetString()!, @"\]\([^)]*\)", "]")]);
            Assert.True(tokens.SetEquals(article.ArticleTokens), $"{url}: missing [{string.Join(' ', article.ArticleTokens.Except(tokens))}], extra [{string.Join(' ', tokens.Except(article.ArticleTokens))}]");
        }

        Assert.True(articles >= 50, $"{articles} article pages");
    }
}

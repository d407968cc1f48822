using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.TestSite;
using OrleansCrawler.WebConsole.Api;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>The content options of <c>POST /api/jobs</c> (what <c>ocrawl submit</c> has): they reach the job's spec through
/// the CLI's mappers, and the crawl keeps fields, content and a WARC archive from them; bad rules are a 400 naming the line.</summary>
public class ConsoleSubmitOptionsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static SubmitRequest Crawl(TestWeb web, string jobId) =>
        new(string.Join('\n', web.Seeds), jobId, DelayMs: 0, Partitions: 8);

    [Fact]
    public async Task Submit_WithRulesContentDedupWarcAndLimits_ReachesTheSpec_AndTheCrawlKeepsFieldsContentAndWarc()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 160, Hosts = 2, Seed = 53, ProductPercent = 40, ArticlePercent = 40 });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);

        using var submitted = await client.SubmitAsync(Crawl(web, "opt-all") with
        {
            Extract = ProductFieldRules.Yaml,
            Content = "markdown",
            SkipDuplicates = true,
            Warc = true,
            MaxPathVariants = 500,
            MaxQueryVariants = 50,
            HostBudget = 10_000,
            Retries = 2,
            HostRetries = 40,
            MaxUrlLength = 1000,
            TimeoutMs = 20_000,
            MaxBodyBytes = 5_000_000,
            MaxCrawlDelayMs = 7_000,
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var job = await client.WaitForAsync("opt-all", j => j.State != "running", Limit);
        Assert.Equal("completed", job.State);

        var spec = (await fixture.Crawler.Grains.GetGrain<ICrawlJobGrain>("opt-all").GetSpecAsync())!;
        Assert.Equal(JsonSerializer.Serialize(FieldRulesMapper.ToSpec(FieldRulesFile.Parse(ProductFieldRules.Yaml, "rules.yaml"))),
            JsonSerializer.Serialize(spec.ExtractRules));
        Assert.Equal("markdown", spec.Content);
        Assert.True(spec.Dedup);
        Assert.True(spec.SkipDuplicates);
        Assert.Equal("opt-all", spec.WarcDirectory);
        Assert.Equal((500, 50, 10_000, 2, 40, 1000, 5_000_000), (spec.MaxPathVariants, spec.MaxQueryVariants, spec.HostPageBudget, spec.MaxRetries,
            spec.HostRetryBudget, spec.MaxUrlLength, spec.MaxBodyBytes));
        Assert.Equal(TimeSpan.FromSeconds(20), spec.FetchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), spec.MaxCrawlDelay);

        var results = await client.AllResultsAsync("opt-all");
        var html = results.Where(r => r.Status == 200 && r.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true).Select(r => r.Url).ToList();
        var fields = await fixture.Crawler.Services.GetRequiredService<IFieldStore>().ReadPageAsync("opt-all", null, 10_000);
        var content = await fixture.Crawler.Services.GetRequiredService<IContentStore>().ReadPageAsync("opt-all", null, 10_000);

        // Every product page's fields are the generator's; every article page's Markdown carries its title.
        var products = html.Where(u => web.Pages.Product(u) is not null).ToList();
        Assert.NotEmpty(products);
        var fieldsByUrl = fields.ToDictionary(f => f.Url);
        Assert.All(products, u => Assert.True(JsonNode.DeepEquals(ProductFieldRules.Expected(web.Pages.Product(u)!), JsonNode.Parse(fieldsByUrl[u].Json)),
            $"{u}: {fieldsByUrl[u].Json}"));
        var articles = html.Where(u => web.Pages.Article(u) is not null).ToList();
        Assert.NotEmpty(articles);
        var contentByUrl = content.ToDictionary(c => c.Url);
        Assert.All(articles, u =>
        {
            Assert.Equal(ContentFormat.Markdown, contentByUrl[u].Format);
            Assert.Contains(web.Pages.Article(u)!.Title, contentByUrl[u].Body, StringComparison.Ordinal);
        });

        // The archive went into the job's folder under the silo's WARC directory.
        var warcs = Directory.GetFiles(Path.Combine(fixture.WarcDirectory, "opt-all"), "*.warc.gz");
        Assert.NotEmpty(warcs);
        Assert.All(warcs, f => Assert.True(new FileInfo(f).Length > 0, f));
    }

    [Fact]
    public async Task Submit_BadRulesYaml_Is400NamingTheLine_AndNoJobStarts()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 20, Hosts = 1, Seed = 59 });
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);
        const string badKey = "rules:\n  - url: \"http://127.0.0.1:*/**\"\n    fields:\n      name: { csss: \"h1\" }\n";
        const string badYaml = "rules:\n  - url: [unclosed\n";

        using var unknownKey = await client.SubmitAsync(Crawl(web, "opt-bad-1") with { Extract = badKey });
        using var notYaml = await client.SubmitAsync(Crawl(web, "opt-bad-2") with { Extract = badYaml });

        Assert.Equal(HttpStatusCode.BadRequest, unknownKey.StatusCode);
        var problem = (await unknownKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("extract")[0].GetString()!;
        Assert.StartsWith("extract:4: ", problem, StringComparison.Ordinal);
        Assert.Contains("csss", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notYaml.StatusCode);
        Assert.Matches("^extract:[23]: YAML error", (await notYaml.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("extract")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/jobs/opt-bad-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/jobs/opt-bad-2")).StatusCode);
    }

    [Fact]
    public async Task Submit_BadLimitsOrAWarcJobIdOfDots_Are400NamingFieldAndValue()
    {
        using var client = fixture.Client();
        client.UseToken(fixture.OperatorToken);

        using var response = await client.SubmitAsync(new SubmitRequest("http://127.0.0.1:1/", "..", Warc: true, MaxPathVariants: 0, MaxUrlLength: 15,
            TimeoutMs: 0, MaxBodyBytes: 100, Retries: -1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("'..'", errors.GetProperty("jobId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("'0' is less than 1.", errors.GetProperty("maxPathVariants")[0].GetString());
        Assert.Equal("'15' is less than 16.", errors.GetProperty("maxUrlLength")[0].GetString());
        Assert.Equal("'0' is less than 1.", errors.GetProperty("timeoutMs")[0].GetString());
        Assert.Equal("'100' is less than 1024.", errors.GetProperty("maxBodyBytes")[0].GetString());
        Assert.Equal("'-1' is less than 0.", errors.GetProperty("retries")[0].GetString());
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary><c>ocrawl run --extract rules.yaml</c>, then <c>ocrawl export</c> (JSONL, CSV, <c>--only-fields</c>), as real
/// processes against a test web whose pages are partly product pages; every page's fields are compared with the web's own
/// generator. Also: a bad rules file stops before anything is fetched, and <c>ocrawl extract</c> on one page.</summary>
public sealed class FieldsEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private const string Rules = ProductFieldRules.Yaml;

    private static JsonObject Expected(ProductTruth p) => ProductFieldRules.Expected(p);

    [Fact]
    public async Task RunWithExtract_ExportsEveryProductsFields_InJsonlAndCsv_AndOnlyFieldsKeepsPagesWithFields()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 120, Hosts = 2, Seed = 15, ProductPercent = 50 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);
        await File.WriteAllTextAsync(dir.File("rules.yaml"), Rules);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--extract", "rules.yaml", "--delay", "0", "--data", "data", "--quiet");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        using var jsonl = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "jsonl", "--out", "pages.jsonl");
        using var csv = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "csv", "--out", "pages.csv");
        using var only = await OcrawlProcess.RunAsync(dir.Path, Limit, "export", "--data", "data", "--format", "jsonl", "--only-fields", "--out", "only.jsonl");
        Assert.True(jsonl.ExitCode == 0 && csv.ExitCode == 0 && only.ExitCode == 0, $"{jsonl.Stderr}\n{csv.Stderr}\n{only.Stderr}");

        var pages = File.ReadLines(dir.File("pages.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(p => (string)p["url"]!);
        int products = 0, others = 0;
        foreach (var (url, page) in pages)
        {
            var html = (int)page["status"]! == 200 && ((string?)page["contentType"])?.StartsWith("text/html", StringComparison.Ordinal) == true;
            if (!html || !new Uri(url).AbsolutePath.EndsWith(".html", StringComparison.Ordinal))
            {
                Assert.False(page.ContainsKey("fields"), $"{url}: fields on a page no rule matches or without HTML");
                continue;
            }

            Assert.True(page.ContainsKey("fields"), $"{url}: no fields");
            Assert.False(page.ContainsKey("fieldErrors"), $"{url}: {page["fieldErrors"]}");
            if (web.Pages.Product(url) is { } truth)
            {
                products++;
                Assert.True(JsonNode.DeepEquals(Expected(truth), page["fields"]), $"{url}: {page["fields"]!.ToJsonString()} vs {Expected(truth).ToJsonString()}");
                Assert.Equal(truth.OldPrice is null ? ["oldPrice"] : Array.Empty<string>(),
                    page["missingFields"]?.AsArray().Select(n => (string)n!).ToArray() ?? []);
            }
            else
            {
                others++;
                Assert.Equal(["name", "price", "oldPrice"], page["missingFields"]!.AsArray().Select(n => (string)n!));
            }
        }

        Assert.True(products >= 30 && others >= 30, $"{products} products, {others} other pages of {pages.Count}");

        // CSV: the rules' columns, flattened (a list as a JSON array), the same values.
        using (var reader = new CsvReader(new StreamReader(dir.File("pages.csv")), CultureInfo.InvariantCulture))
        {
            await reader.ReadAsync();
            reader.ReadHeader();
            Assert.Equal(["fields.name", "fields.price", "fields.currency", "fields.rating", "fields.tags", "fields.oldPrice", "fields.reviews", "missingFields", "fieldErrors"],
                reader.HeaderRecord![^9..]);
            int rows = 0, productRows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                if (web.Pages.Product(reader.GetField("url")!) is not { } truth || reader.GetField("status") != "200")
                {
                    continue;
                }

                productRows++;
                Assert.Equal(truth.Name, reader.GetField("fields.name"));
                Assert.Equal(truth.Price, reader.GetField("fields.price"));
                Assert.Equal(truth.Currency, reader.GetField("fields.currency"));
                Assert.Equal(truth.Rating, reader.GetField("fields.rating"));
                Assert.Equal(JsonSerializer.Serialize(truth.Tags), reader.GetField("fields.tags"));
                Assert.Equal(truth.OldPrice ?? "", reader.GetField("fields.oldPrice"));
                Assert.Equal(truth.Reviews.ToString(CultureInfo.InvariantCulture), reader.GetField("fields.reviews"));
                Assert.Equal(truth.OldPrice is null ? "oldPrice" : "", reader.GetField("missingFields"));
            }

            Assert.Equal(pages.Count, rows);
            Assert.Equal(products, productRows);
        }

        // --only-fields: exactly the pages that have fields.
        var onlyUrls = File.ReadLines(dir.File("only.jsonl")).Select(l => (string)JsonNode.Parse(l)!["url"]!).ToHashSet();
        Assert.Equal(pages.Where(p => p.Value.ContainsKey("fields")).Select(p => p.Key).ToHashSet(), onlyUrls);
    }

    [Theory]
    [InlineData("rules:\n  - url: \"**\"\n    fields:\n      name: h1\n      price: 'span[[['\n", "rules.yaml:5: bad CSS selector 'span[[['")]
    [InlineData("rules:\n  - url: \"**\"\n    fields:\n      name: { css: h1, regex: '(x' }\n", "rules.yaml:4: field 'name': bad regex '(x'")]
    [InlineData("rules:\n  - url: \"**\"\n    colour: red\n    fields:\n      name: h1\n", "rules.yaml:3: unknown key 'colour' in rule set")]
    [InlineData("rules:\n  - url: \"**\"\n    fields: { name: h1\n", "rules.yaml:4: YAML error")]
    public async Task RunWithBadRules_Exits2WithFileAndLine_BeforeAnythingIsFetched(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 20, Hosts = 1 });
        await File.WriteAllLinesAsync(dir.File("seeds.txt"), web.Seeds);
        await File.WriteAllTextAsync(dir.File("rules.yaml"), yaml);

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "seeds.txt", "--extract", "rules.yaml", "--delay", "0", "--data", "data", "--quiet");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal(0, web.RequestLog.Count);
    }

    [Fact]
    public async Task Extract_OnePageByUrlOrFile_PrintsItsFields()
    {
        using var dir = new TempDirectory();
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 60, Hosts = 1, Seed = 15, ProductPercent = 100 });
        await File.WriteAllTextAsync(dir.File("rules.yaml"), Rules);
        var url = web.Pages.PageUrl(0, 7);
        var truth = web.Pages.Product(url)!;
        await File.WriteAllTextAsync(dir.File("page.html"), web.Pages.Render(0, 7));

        using var byUrl = await OcrawlProcess.RunAsync(dir.Path, Limit, "extract", "--rules", "rules.yaml", url);
        using var byFile = await OcrawlProcess.RunAsync(dir.Path, Limit, "extract", "--rules", "rules.yaml", "page.html", "--url", url);
        using var unmatched = await OcrawlProcess.RunAsync(dir.Path, Limit, "extract", "--rules", "rules.yaml", "page.html");

        foreach (var result in new[] { byUrl, byFile })
        {
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stderr}");
            var printed = JsonNode.Parse(result.Stdout)!;
            Assert.Equal(url, (string)printed["url"]!);
            Assert.True(JsonNode.DeepEquals(Expected(truth), printed["fields"]), printed.ToJsonString());
        }

        Assert.Equal(1, unmatched.ExitCode);
        Assert.Contains("no rule set of rules.yaml matches file://", unmatched.Stderr, StringComparison.Ordinal);
    }
}

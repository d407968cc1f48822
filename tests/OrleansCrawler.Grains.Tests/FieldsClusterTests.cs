using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Grains.Tests;

/// <summary>The cluster path of <c>--extract</c>: the rules travel as data in the job's spec, every silo runs them on
/// the pages it parses, and together the silos' field stores hold every product page's fields as the test web's
/// generator wrote them. The spec's stored form (what a resumed or reactivated job reads) keeps the rules.</summary>
public sealed class FieldsClusterTests : IAsyncLifetime
{
    private const string Rules = ProductFieldRules.Yaml;

    private CrawlerTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await CrawlerTestCluster.StartAsync(3, "ocrawl-fields-");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static JobSpec Spec(TestWeb web) => new JobSpec([.. web.Seeds.Select(UrlNormalizer.Normalize)], 0, -1, ScopeKind.Host, [], [],
        Concurrency: 16, PerHostConcurrency: 2, PartitionCount: 24, UserAgent: JobSpec.DefaultUserAgent)
    {
        ExtractRules = FieldRulesMapper.ToSpec(FieldRulesFile.Parse(Rules, "rules.yaml")),
    };

    [Fact]
    public async Task ExtractRules_ReachEverySilo_AndEveryProductPagesFieldsAreTheGenerators()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 144, Hosts = 24, Seed = 15, ProductPercent = 60 });

        var status = await _cluster.CrawlAsync("fields-1", Spec(web), TimeSpan.FromMinutes(3));

        Assert.Equal(JobState.Completed, status.State);
        var perSilo = new List<IReadOnlyList<PageFields>>();
        foreach (var silo in _cluster.Silos)
        {
            perSilo.Add(await silo.GetRequiredService<IFieldStore>().ReadPageAsync("fields-1", null, 10_000));
        }

        // Each silo ran the rules on exactly the HTML pages it fetched (a silo stores and parses what it fetched), and the
        // work was spread: the rules reached the silos as data with the job.
        var storedPerSilo = await _cluster.ResultsPerSiloAsync("fields-1");
        for (int i = 0; i < perSilo.Count; i++)
        {
            var html = storedPerSilo[i].Where(r => r.Status == 200 && r.Url.EndsWith(".html", StringComparison.Ordinal)).Select(r => r.Url).Order(StringComparer.Ordinal);
            Assert.Equal(html, perSilo[i].Select(r => r.Url).Order(StringComparer.Ordinal));
        }

        Assert.True(perSilo.Count(rows => rows.Count > 0) >= 2, $"fields on {perSilo.Count(rows => rows.Count > 0)} silo(s) only");
        var all = perSilo.SelectMany(r => r).ToList();
        Assert.Equal(all.Count, all.Select(r => r.Url).Distinct().Count());
        int products = 0;
        foreach (var row in all)
        {
            Assert.Null(row.Errors);
            if (web.Pages.Product(row.Url) is { } p)
            {
                products++;
                var expected = new JsonObject
                {
                    ["name"] = p.Name, ["price"] = p.Price, ["currency"] = p.Currency, ["rating"] = p.Rating,
                    ["tags"] = new JsonArray([.. p.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]), ["oldPrice"] = p.OldPrice, ["reviews"] = p.Reviews,
                };
                Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(row.Json)), $"{row.Url}: {row.Json}");
                Assert.Equal(p.OldPrice is null ? "oldPrice" : null, row.Missing);
            }
            else
            {
                Assert.Equal("name,price,oldPrice", row.Missing);
            }
        }

        // Every product page of the web that the crawl stored has its fields.
        var stored = (await _cluster.ResultsPerSiloAsync("fields-1")).SelectMany(r => r)
            .Where(r => r.Status == 200 && web.Pages.Product(r.Url) is not null).Select(r => r.Url).ToHashSet();
        Assert.True(stored.Count >= 40, $"{stored.Count} product pages stored");
        Assert.Equal(stored.Count, products);

        // The results grain names the rules' fields, the export's CSV columns.
        var names = await _cluster.Client.GetGrain<IResultsGrain>(0).FieldNamesAsync("fields-1");
        Assert.Equal(["name", "price", "currency", "rating", "tags", "oldPrice", "reviews"], names.ToArray());
    }

    [Fact]
    public async Task StoredSpec_KeepsTheRules_ForAResumedOrReactivatedJob()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 10, Hosts = 1 });
        var spec = Spec(web);
        var status = new JobStatus("j", JobState.Running, CrawlCounters.Zero, DateTimeOffset.UnixEpoch, null, ImmutableDictionary<string, long>.Empty);

        var restored = JobRecordMapper.SpecOf(JobRecordMapper.ToRecord(spec, status, 0));

        Assert.Equal(spec.ExtractRules.Length, restored.ExtractRules.Length);
        Assert.Equal(spec.ExtractRules[0].Fields.ToArray(), restored.ExtractRules[0].Fields.ToArray());
        Assert.Equal(FieldRulesMapper.ToRules(spec.ExtractRules)[0].Fields, restored.ToSettings().Fields[0].Fields);
    }
}

using System.Text.Json.Nodes;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Core.Tests.Fields;

/// <summary>The extractor over every product page of a test web (name, price, currency, rating, tags, an old price on
/// some, reviews), parsed as a crawl parses them, compared with the values the web's own generator wrote: exact
/// equality over the whole set.</summary>
public sealed class ProductPageExtractionTests
{
    /// <summary>Product rules for the test web (also docs/fields.md's example).</summary>
    public const string Rules = ProductFieldRules.Yaml;

    /// <summary>The fields object the rules must give for a product.</summary>
    public static JsonObject Expected(ProductTruth p) => ProductFieldRules.Expected(p);

    [Fact]
    public void Extract_EveryProductPage_GivesTheGeneratorsValues()
    {
        var web = new TestWebPages(new TestWebOptions { Pages = 400, Hosts = 2, Seed = 15, ProductPercent = 60 });
        var extractor = new FieldExtractor(FieldRulesFile.Parse(Rules, "rules.yaml"));
        var parser = new HtmlPageParser();
        int products = 0, others = 0, withOldPrice = 0;
        for (int host = 0; host < web.Hosts; host++)
        {
            for (int page = 1; page < web.PageCount(host); page++)
            {
                var url = web.PageUrl(host, page);
                var parsed = parser.ParseDocument(web.Render(host, page), new Uri(url));
                var fields = extractor.Extract(parsed.Document, url);
                Assert.NotNull(fields);
                Assert.Empty(fields.Errors);
                if (web.Product(host, page) is { } truth)
                {
                    products++;
                    withOldPrice += truth.OldPrice is null ? 0 : 1;
                    Assert.True(JsonNode.DeepEquals(Expected(truth), JsonNode.Parse(fields.Json)), $"{url}: {fields.Json} vs {Expected(truth).ToJsonString()}");
                    Assert.Equal(truth.OldPrice is null ? ["oldPrice"] : [], fields.Missing);
                }
                else
                {
                    // An ordinary page: the required fields are recorded as missing.
                    others++;
                    Assert.Equal(["name", "price", "oldPrice"], fields.Missing);
                }
            }
        }

        // The set is large and mixed: products with and without an old price, and pages that are not products.
        Assert.InRange(products, 200, 280);
        Assert.InRange(withOldPrice, products / 4, products * 3 / 4);
        Assert.InRange(others, 100, 200);
    }
}

namespace OrleansCrawler.TestSite.Tests;

/// <summary>Product pages (<see cref="TestWebOptions.ProductPercent"/>): about the asked share, never an article, off
/// changes nothing, and a served product web has the truth and link graph of the same web without products.</summary>
public sealed class ProductPageTests
{
    private static readonly TestWebOptions Options = new() { Pages = 300, Hosts = 3, Seed = 9, ArticlePercent = 20, ProductPercent = 50 };

    [Fact]
    public void Products_AreAboutTheAskedShareOfTheNonArticles_AndOffLeavesEveryPageAsItWas()
    {
        var with = new TestWebPages(Options);
        var without = new TestWebPages(Options with { ProductPercent = 0 });
        int products = 0, articles = 0, withOldPrice = 0;
        for (int host = 0; host < with.Hosts; host++)
        {
            for (int page = 0; page < with.PageCount(host); page++)
            {
                Assert.Null(without.Product(host, page));
                articles += with.IsArticle(host, page) ? 1 : 0;
                if (with.Product(host, page) is { } product)
                {
                    products++;
                    withOldPrice += product.OldPrice is null ? 0 : 1;
                    Assert.False(with.IsArticle(host, page));
                    var html = with.Render(host, page);
                    Assert.Contains($"<span class=\"price\" data-amount=\"{product.Price}\" data-currency=\"{product.Currency}\">", html, StringComparison.Ordinal);
                    Assert.InRange(product.Tags.Count, 1, 4);
                    var byUrl = with.Product(with.PageUrl(host, page))!;
                    Assert.Equal(product with { Tags = [] }, byUrl with { Tags = [] });
                    Assert.Equal(product.Tags, byUrl.Tags);
                }
                else
                {
                    Assert.Equal(without.Render(host, page), with.Render(host, page));
                }
            }
        }

        Assert.InRange(products, (297 - articles) * 35 / 100, (297 - articles) * 65 / 100);
        Assert.InRange(withOldPrice, products / 4, products * 3 / 4);
        Assert.Null(with.Product(0, 0));
    }

    [Fact]
    public async Task ServedProductWeb_HasTheSameTruthAndLinkGraph_AsWithoutProducts_AndAnIndependentCrawlFindsIt()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4, Seed = 5, ProductPercent = 100 });
        await using var plain = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4, Seed = 5 });
        using var client = WebHelpers.CreateClient();

        var truth = web.ComputeTruth();
        var crawled = await new IndependentCrawler(client, [.. web.Authorities]).CrawlAsync(web.Seeds);

        Assert.Equal(truth, crawled);
        Assert.Equal(WithoutPorts(plain, plain.ComputeTruth()), WithoutPorts(web, truth));
        Assert.Equal(
            WithoutPorts(plain, plain.ComputeLinkGraph(plain.ComputeTruth()).Select(e => $"{e.From} {e.To}")),
            WithoutPorts(web, web.ComputeLinkGraph(truth).Select(e => $"{e.From} {e.To}")));
        Assert.True(truth.Count(u => web.Pages.Product(u) is not null) >= 150);
    }

    private static List<string> WithoutPorts(TestWeb web, IEnumerable<string> urls) =>
        [.. urls.Select(u => WebHelpers.WithoutPorts(u, web.Authorities)).Order(StringComparer.Ordinal)];
}

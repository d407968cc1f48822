using System.Text.RegularExpressions;
using OrleansCrawler.TestSite.Graph;
using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite.Tests;

public sealed partial class ArticlePageTests
{
    private static readonly TestWebOptions Options = new() { Pages = 300, Hosts = 3, Seed = 9, ArticlePercent = 40 };

    [Fact]
    public void BoilerplateVocabulary_SharesNoWordWithTheArticleVocabulary()
    {
        var article = Enumerable.Range(0, Words.Count).Select(i => System.Text.Encoding.ASCII.GetString(Words.Get(i))).ToHashSet();

        Assert.DoesNotContain(ArticleText.Boilerplate, article.Contains);
        Assert.Equal(ArticleText.Boilerplate.Length, ArticleText.Boilerplate.Distinct().Count());
    }

    [Fact]
    public void Articles_AreAboutTheAskedShare_AndOffLeavesEveryPageAsItWas()
    {
        var with = new TestWebPages(Options);
        var without = new TestWebPages(Options with { ArticlePercent = 0 });
        int articles = 0;
        for (int host = 0; host < with.Hosts; host++)
        {
            for (int page = 0; page < with.PageCount(host); page++)
            {
                Assert.False(without.IsArticle(host, page));
                Assert.Null(without.Article(host, page));
                if (with.IsArticle(host, page))
                {
                    articles++;
                    Assert.NotEqual(without.Render(host, page), with.Render(host, page));
                }
                else
                {
                    Assert.Equal(without.Render(host, page), with.Render(host, page));
                }
            }
        }

        Assert.InRange(articles, 80, 160); // 40 % of 297 non-root pages
        Assert.False(with.IsArticle(0, 0));
    }

    [Fact]
    public void ArticlePage_HoldsItsTruth_AndKeepsArticleAndBoilerplateTokensApart()
    {
        var pages = new TestWebPages(Options);
        var checkedPages = 0;
        for (int page = 1; page < pages.PageCount(1); page++)
        {
            if (pages.Article(1, page) is not { } article)
            {
                continue;
            }

            checkedPages++;
            var html = pages.Render(1, page);
            Assert.Equal(article.Sentences, pages.Article(1, page)!.Sentences);
            Assert.Contains($"<h1>{article.Title}</h1>", html);
            Assert.All(article.Headings, h => Assert.Contains($"<h2>{h}</h2>", html));
            Assert.All(article.Sentences.Skip(1), s => Assert.Contains(s, html));
            Assert.Contains($"<a href=\"/\">{article.LinkText}</a>.", html);
            Assert.All(article.ListItems, i => Assert.Contains($"<li>{i}</li>", html));
            Assert.Contains($"<td>{article.TableRows[^1][1]}</td>", html);
            Assert.Contains(article.CodeLines[0], html);
            Assert.All(article.Boilerplate, b => Assert.Contains(b, html));
            Assert.Empty(article.ArticleTokens.Intersect(article.BoilerplateTokens));
            Assert.InRange(article.Sentences.Count, 18, 48);
            Assert.StartsWith("http://127.0.0.1:10001/", article.LinkUrl);

            // Every text between tags is article or boilerplate: nothing of the page escapes the truth.
            var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
            var known = article.ArticleTokens.Union(article.BoilerplateTokens).ToHashSet();
            Assert.Empty(ArticleTruth.Tokens(TextBetweenTags().Matches(body).Select(m => m.Value)).Except(known));
        }

        Assert.True(checkedPages >= 20, $"{checkedPages} article pages");
    }

    [Fact]
    public async Task ServedArticleWeb_HasTheSameTruthAndLinkGraph_AsWithoutArticles_AndAnIndependentCrawlFindsIt()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4, Seed = 5, ArticlePercent = 50 });
        await using var plain = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 4, Seed = 5 });
        using var client = WebHelpers.CreateClient();

        var truth = web.ComputeTruth();
        var crawled = await new IndependentCrawler(client, [.. web.Authorities]).CrawlAsync(web.Seeds);

        Assert.Equal(truth, crawled);
        Assert.Equal(WithoutPorts(plain, plain.ComputeTruth()), WithoutPorts(web, truth));
        Assert.Equal(
            WithoutPorts(plain, plain.ComputeLinkGraph(plain.ComputeTruth()).Select(e => $"{e.From} {e.To}")),
            WithoutPorts(web, web.ComputeLinkGraph(truth).Select(e => $"{e.From} {e.To}")));
        var articleUrls = truth.Where(u => web.Pages.Article(u) is not null).ToList();
        Assert.True(articleUrls.Count >= 40, $"{articleUrls.Count} article pages in the truth");
        var (status, _, body) = await WebHelpers.GetAsync(client, articleUrls[0]);
        Assert.Equal(200, (int)status);
        Assert.Contains(web.Pages.Article(articleUrls[0])!.Title, System.Text.Encoding.UTF8.GetString(body));
        Assert.Null(web.Pages.Article(web.Seeds[0]));
        Assert.Null(web.Pages.Article(web.Seeds[0] + "robots.txt"));
    }

    private static List<string> WithoutPorts(TestWeb web, IEnumerable<string> urls) =>
        [.. urls.Select(u => WebHelpers.WithoutPorts(u, web.Authorities)).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"(?<=>)[^<]+(?=<)")]
    private static partial Regex TextBetweenTags();
}

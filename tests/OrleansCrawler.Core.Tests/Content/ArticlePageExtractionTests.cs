using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Content;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Core.Tests.Content;

/// <summary>The extractor over the test web's article pages (a known article in a news site's cookie banner, header and
/// nav, ads, share box, sidebar and footer), checked against the web's own generator, never against our parser.</summary>
public sealed partial class ArticlePageExtractionTests
{
    private static readonly TestWebPages Web = new(new TestWebOptions { Pages = 240, Hosts = 2, Seed = 21, ArticlePercent = 100 });

    /// <summary>Thirty article pages of both hosts, with their truth.</summary>
    public static TheoryData<int, int> Articles()
    {
        var data = new TheoryData<int, int>();
        for (int page = 1; page <= 15; page++)
        {
            data.Add(0, page * 7);
            data.Add(1, page * 5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Articles))]
    public void Text_HasEverySentenceAndBlockOfTheArticle_AndNoBoilerplate(int host, int page)
    {
        var (content, article) = Extract(host, page, ContentFormat.Text);
        var text = content.Body;

        Assert.StartsWith(article.Title + "\n", text);
        Assert.All(article.Headings, h => Assert.Contains("\n" + h + "\n", text));
        Assert.All(article.Sentences, s => Assert.Contains(s, text));
        Assert.All(article.ListItems, i => Assert.Contains("- " + i + "\n", text));
        Assert.All(article.TableRows, r => Assert.Contains(string.Join('\t', r), text));
        Assert.Contains(string.Join('\n', article.CodeLines), text);
        Assert.All(article.Boilerplate, b => Assert.DoesNotContain(b, text));
        Assert.Equal(article.ArticleTokens.Order(), ArticleTruth.Tokens([text]).Order());
        Assert.Equal("en", content.Language);
        Assert.Equal(ContentExtractor.WordCount(text), content.Words);
    }

    [Theory]
    [MemberData(nameof(Articles))]
    public void Markdown_HasTheHeadingsListTableCodeAndLink_AndNoBoilerplate(int host, int page)
    {
        var (content, article) = Extract(host, page, ContentFormat.Markdown);
        var markdown = content.Body;

        Assert.StartsWith("# " + article.Title + "\n", markdown);
        Assert.All(article.Headings, h => Assert.Contains("\n## " + h + "\n", markdown));
        Assert.Contains(string.Concat(article.ListItems.Select(i => "- " + i + "\n")), markdown);
        var rows = article.TableRows.Select(r => "| " + string.Join(" | ", r) + " |").ToList();
        Assert.Contains($"{rows[0]}\n| --- | --- | --- |\n{string.Join('\n', rows.Skip(1))}", markdown);
        Assert.Contains("```\n" + string.Join('\n', article.CodeLines) + "\n```", markdown);
        Assert.Contains($"[{article.LinkText}]({article.LinkUrl}).", markdown);
        Assert.All(article.Sentences.Skip(1), s => Assert.Contains(s, markdown));

        // Token level, link targets left out: exactly the article's tokens.
        var words = LinkTarget().Replace(markdown, "]");
        Assert.Equal(article.ArticleTokens.Order(), ArticleTruth.Tokens([words]).Order());
        Assert.Empty(ArticleTruth.Tokens([words]).Intersect(article.BoilerplateTokens));
    }

    [Fact]
    public void EveryArticlePage_OfTheWeb_GivesItsArticleTokens_AndNoBoilerplateToken()
    {
        int pages = 0;
        for (int host = 0; host < Web.Hosts; host++)
        {
            for (int page = 1; page < Web.PageCount(host); page++)
            {
                var (content, article) = Extract(host, page, ContentFormat.Text);
                var tokens = ArticleTruth.Tokens([content.Body]);
                Assert.True(article.ArticleTokens.IsSubsetOf(tokens), $"{Web.PageUrl(host, page)} misses {string.Join(' ', article.ArticleTokens.Except(tokens))}");
                Assert.False(tokens.Overlaps(article.BoilerplateTokens), $"{Web.PageUrl(host, page)} keeps {string.Join(' ', tokens.Intersect(article.BoilerplateTokens))}");
                pages++;
            }
        }

        Assert.Equal(238, pages);
    }

    private static (ExtractedContent Content, ArticleTruth Article) Extract(int host, int page, ContentFormat format)
    {
        var article = Web.Article(host, page) ?? throw new InvalidOperationException($"{Web.PageUrl(host, page)} is not an article page");
        var document = new HtmlParser().ParseDocument(Web.Render(host, page));
        var content = ContentExtractor.Extract(document, new Uri(Web.PageUrl(host, page)), format)
            ?? throw new InvalidOperationException($"{Web.PageUrl(host, page)}: no content");
        return (content, article);
    }

    [GeneratedRegex(@"\]\([^)\s]+\)")]
    private static partial Regex LinkTarget();
}

using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Content;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Core.Tests.Content;

/// <summary>The extractor's per-element figures, summed once from the children, must equal what the DOM says when
/// asked directly (<c>TextContent.Trim()</c>, <c>QuerySelectorAll("a")</c>), on every element of real pages.</summary>
public sealed class ContentAnalysisTests
{
    private static IEnumerable<string> Pages()
    {
        var web = new TestWebPages(new TestWebOptions { Pages = 60, Hosts = 2, Seed = 8, ArticlePercent = 40, ProductPercent = 20 });
        for (var page = 0; page < 30; page++)
        {
            yield return web.Render(page % 2, page);
        }

        yield return File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Content", "Pages", "news-article.html"));
        yield return "<body>  <div> <a href=x> </a>\n<!-- c --> <p> one <a href=y> two <b>three</b> </a> four </p>"
            + "<script> var x = 1; </script><ul><li><a href=a>a</a></li><li> <a href=b> b b </a> </li></ul>  </div> \n</body>";
        yield return "<body><p>   </p><div><span> </span><a href=z>only a link</a><svg><a href=s><text>svg link</text></a></svg></div></body>";
    }

    [Fact]
    public void Figures_OfEveryElement_EqualTheDomsOwn()
    {
        var parser = new HtmlParser();
        var checkedElements = 0;
        foreach (var html in Pages())
        {
            var document = parser.ParseDocument(html);
            var analysis = new ContentAnalysis();
            // Ask the body first (fills every element's figures from its children), then each element again.
            _ = analysis.TextLength(document.Body!);
            foreach (var element in document.Body!.QuerySelectorAll("*").Prepend(document.Body))
            {
                var text = element.TextContent.AsSpan().Trim().Length;
                var anchors = element.QuerySelectorAll("a");
                var linked = anchors.Sum(a => a.TextContent.AsSpan().Trim().Length);
                Assert.Equal(text, analysis.TextLength(element));
                Assert.Equal(anchors.Length, analysis.LinkCount(element));
                Assert.Equal(element.TextContent.Count(c => c == ','), analysis.Commas(element));
                Assert.Equal(text == 0 ? 0 : Math.Min(1, (double)linked / text), analysis.LinkDensity(element), 12);
                Assert.Equal(MainContentFinder.IsBoilerplate(element), analysis.IsBoilerplate(element));
                checkedElements++;
            }
        }

        Assert.True(checkedElements > 3000, $"{checkedElements} elements");
    }

    [Fact]
    public void MainTextThenExtract_OnOneDocument_GiveTheSameText_AsAFreshExtraction()
    {
        var web = new TestWebPages(new TestWebOptions { Pages = 20, Hosts = 1, Seed = 2, ArticlePercent = 100 });
        var parser = new HtmlParser();
        for (var page = 0; page < 10; page++)
        {
            var url = new Uri(web.PageUrl(0, page));
            var shared = parser.ParseDocument(web.Render(0, page));
            var mainText = ContentExtractor.MainText(shared, url);
            var markdown = ContentExtractor.Extract(shared, url, ContentFormat.Markdown);
            var text = ContentExtractor.Extract(shared, url, ContentFormat.Text);

            Assert.NotNull(mainText);
            Assert.Equal(mainText, text!.Body);
            Assert.Equal(ContentExtractor.Extract(parser.ParseDocument(web.Render(0, page)), url, ContentFormat.Markdown), markdown);
        }
    }
}

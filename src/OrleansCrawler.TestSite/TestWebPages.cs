using OrleansCrawler.TestSite.Graph;
using OrleansCrawler.TestSite.Hosting;
using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite;

/// <summary>
/// The pages of a test web as its generator writes them, without serving them: the HTML a host sends for a page, and
/// for an article page the article's known text (<see cref="ArticleTruth"/>). For tests of page parsers and content
/// extractors; <see cref="TestWeb.Pages"/> gives the same for a web being served.
/// </summary>
public sealed class TestWebPages
{
    private readonly SiteGraph _graph;
    private readonly PageRenderer _renderer;

    /// <summary>The web of <paramref name="options"/> (its seed, pages, hosts and <see cref="TestWebOptions.ArticlePercent"/>)
    /// with authorities <c>127.0.0.1:{10000 + host}</c>, which nothing listens on.</summary>
    public TestWebPages(TestWebOptions options)
        : this(Model(options))
    {
    }

    internal TestWebPages(SiteGraph graph)
    {
        _graph = graph;
        _renderer = new PageRenderer(graph);
    }

    public int Hosts => _graph.HostCount;

    public int PageCount(int host) => _graph.PageCount(host);

    /// <summary>The page's URL, e.g. <c>http://127.0.0.1:10000/s3/p13.html</c>.</summary>
    public string PageUrl(int host, int page) => _graph.PageUrl(host, page);

    public bool IsArticle(int host, int page) => _graph.IsArticle(host, page);

    /// <summary>The page's HTML, as the web serves it (UTF-8).</summary>
    public string Render(int host, int page)
    {
        var scratch = new RenderScratch();
        _renderer.RenderPage(host, page, scratch);
        return System.Text.Encoding.UTF8.GetString(scratch.Output.WrittenSpan);
    }

    /// <summary>Whether the page copies another article page, which, and how (<see cref="TestWebOptions.DuplicatePercent"/>).</summary>
    public PageCopy CopyOf(int host, int page) => PageCopies.Of(_graph, host, page);

    /// <summary>The article of an article page, else null.</summary>
    public ArticleTruth? Article(int host, int page)
    {
        if (!_graph.IsArticle(host, page))
        {
            return null;
        }

        var links = new List<Link>(64);
        _graph.GetLinks(host, page, links);
        return ArticleText.Generate(_graph, host, page, links.Count);
    }

    /// <summary>The article served at <paramref name="url"/> (an absolute URL of this web, in any case), else null.</summary>
    public ArticleTruth? Article(string url) => PageAt(url) is { } at ? Article(at.Host, at.Page) : null;

    public bool IsProduct(int host, int page) => _graph.IsProduct(host, page);

    /// <summary>The product of a product page, else null.</summary>
    public ProductTruth? Product(int host, int page) => _graph.IsProduct(host, page) ? ProductText.Generate(_graph, host, page) : null;

    /// <summary>The product served at <paramref name="url"/> (an absolute URL of this web), else null.</summary>
    public ProductTruth? Product(string url) => PageAt(url) is { } at ? Product(at.Host, at.Page) : null;

    /// <summary>The (host, page) served at <paramref name="url"/> (an absolute URL of this web), else null.</summary>
    public (int Host, int Page)? PageAt(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        int host = Array.FindIndex(_graph.Authorities, a => string.Equals(a, uri.Authority, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a, $"{uri.Host}:{uri.Port}", StringComparison.OrdinalIgnoreCase));
        if (host < 0)
        {
            return null;
        }

        var (resource, page) = SiteRoute.Resolve(_graph, host, uri.AbsolutePath);
        return resource == SiteResource.Page ? (host, page) : null;
    }

    private static SiteGraph Model(TestWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SiteGraph(options.Seed, options.Pages, [.. Enumerable.Range(0, options.Hosts).Select(h => $"127.0.0.1:{10000 + h}")], options.ArticlePercent)
        {
            ProductPercent = options.ProductPercent,
            DuplicatePercent = options.DuplicatePercent,
        };
    }
}

using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>
/// Writes the HTML of a page of <see cref="SiteGraph"/>: head, nav bar, sections of prose with
/// inline links, a list of related links and a footer, 15-40 KB in all. The hrefs are spelled by
/// <see cref="HrefWriter"/> in their many forms; their canonical targets come from the graph. Article pages
/// (<see cref="SiteGraph.IsArticle"/>) are written by <see cref="ArticleRenderer"/>.
/// </summary>
internal sealed class PageRenderer(SiteGraph graph)
{
    private const int FooterReserve = 700;
    private const int LinkReserve = 60;

    private readonly HrefWriter _hrefs = new(graph);
    private readonly ArticleRenderer _articles = new(graph);
    private readonly ProductRenderer _products = new(graph);

    public SiteGraph Graph => graph;

    public void RenderPage(int host, int page, RenderScratch scratch)
    {
        if (graph.IsArticle(host, page))
        {
            _articles.RenderPage(host, page, scratch);
            return;
        }

        if (graph.IsProduct(host, page))
        {
            _products.RenderPage(host, page, scratch);
            return;
        }

        var o = scratch.Output;
        o.Clear();
        var links = scratch.Links;
        var (baseHref, navCount) = graph.GetLinks(host, page, links);
        var rng = new PageRandom(PageRandom.Key(graph.Seed, host, page, SiteGraph.TextSalt));
        int target = 16_500 + rng.Next(22_000);
        int baseDirLength = graph.WriteBaseDirectory(host, page, baseHref, scratch.BaseDirectory);
        ReadOnlySpan<char> baseDir = scratch.BaseDirectory.AsSpan(0, baseDirLength);

        o.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Page ");
        o.Append(page);
        o.Append(" on host ");
        o.Append(host);
        o.Append(" - ");
        AppendWords(o, ref rng, 3, capitalizeFirst: true);
        o.Append("</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"description\" content=\"");
        AppendWords(o, ref rng, 12 + rng.Next(12), capitalizeFirst: true);
        o.Append(".\">\n<meta name=\"keywords\" content=\"");
        for (int k = 0, n = 4 + rng.Next(4); k < n; k++)
        {
            if (k > 0)
            {
                o.Append(", ");
            }

            o.Append(Words.Get(rng.Next(Words.Count)));
        }

        o.Append("\">\n");
        AppendBase(o, graph, host, baseHref, baseDir);
        o.Append("<style>body{font-family:sans-serif;max-width:50em;margin:auto}nav a{margin-right:1em}</style>\n</head>\n<body>\n<header>\n<nav>\n");
        for (int k = 0; k < navCount; k++)
        {
            AppendAnchor(o, links[k], host, baseDir, scratch, ref rng, k == 0 ? "Home" : null);
            o.Append('\n');
        }

        o.Append("</nav>\n</header>\n<main>\n<h1 id=\"top\">");
        AppendWords(o, ref rng, 3 + rng.Next(4), capitalizeFirst: true);
        o.Append("</h1>\n");

        int rest = links.Count - navCount;
        int asideCount = rest * 3 / 10;
        int inlineCount = rest - asideCount;
        int next = navCount;
        int inlineEnd = navCount + inlineCount;
        int estimatedWords = Math.Max(100, (target - o.Length - FooterReserve - rest * LinkReserve) / 7);
        int interval = Math.Max(4, estimatedWords / (inlineCount + 1));
        int sinceLink = 0;
        int section = 0;
        int paragraph = 0;
        while (o.Length < target - FooterReserve - (links.Count - next) * LinkReserve)
        {
            if (paragraph % 3 == 0)
            {
                section++;
                o.Append("<h2 id=\"sec-");
                o.Append(section);
                o.Append("\">");
                AppendWords(o, ref rng, 2 + rng.Next(4), capitalizeFirst: true);
                o.Append("</h2>\n");
            }

            paragraph++;
            o.Append("<p>");
            int words = 40 + rng.Next(81);
            bool startSentence = true;
            for (int w = 0; w < words; w++)
            {
                if (w > 0)
                {
                    o.Append(' ');
                }

                o.Append(Words.Get(rng.Next(Words.Count), startSentence));
                startSentence = false;
                if (rng.Chance(9) || w == words - 1)
                {
                    o.Append('.');
                    startSentence = true;
                }

                if (++sinceLink >= interval && next < inlineEnd)
                {
                    o.Append(' ');
                    AppendAnchor(o, links[next++], host, baseDir, scratch, ref rng, null);
                    sinceLink = 0;
                }
            }

            o.Append("</p>\n");
        }

        o.Append("</main>\n<aside>\n<h2>Related</h2>\n<ul>\n");
        while (next < links.Count)
        {
            o.Append("<li>");
            AppendAnchor(o, links[next++], host, baseDir, scratch, ref rng, null);
            o.Append("</li>\n");
        }

        o.Append("</ul>\n</aside>\n<footer>\n<p>Synthetic test web, host ");
        o.Append(host);
        o.Append(", page ");
        o.Append(page);
        o.Append(". ");
        AppendWords(o, ref rng, 10 + rng.Next(20), capitalizeFirst: true);
        o.Append(".</p>\n</footer>\n</body>\n</html>\n");
    }

    /// <summary>Writes the page's <c>&lt;base href&gt;</c>, if it has one.</summary>
    internal static void AppendBase(ByteBuilder o, SiteGraph graph, int host, BaseHref baseHref, ReadOnlySpan<char> baseDir)
    {
        if (baseHref.Kind == BaseHrefKind.None)
        {
            return;
        }

        o.Append("<base href=\"");
        if (baseHref.Kind == BaseHrefKind.AbsoluteDirectory)
        {
            o.Append("http://");
            o.Append(graph.Authorities[host]);
        }

        o.Append(baseDir);
        if (baseHref.Kind == BaseHrefKind.RootRelativeFile)
        {
            o.Append("index.html");
        }

        o.Append("\">\n");
    }

    public static void RenderNotFound(ByteBuilder o)
    {
        o.Clear();
        o.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>404 Not Found</title>\n</head>\n<body>\n<h1>Not Found</h1>\n<p>There is no page at this address.</p>\n</body>\n</html>\n");
    }

    private void AppendAnchor(ByteBuilder o, in Link link, int host, ReadOnlySpan<char> baseDir, RenderScratch scratch, ref PageRandom rng, string? text)
    {
        char quote = link.SingleQuoted ? '\'' : '"';
        o.Append(link.SingleQuoted ? "<a class=\"ref\" href='" : "<a href=\"");
        _hrefs.Append(o, link, host, baseDir, scratch);
        o.Append(quote);
        o.Append('>');
        if (text is not null)
        {
            o.Append(text);
        }
        else if (link.Kind == LinkKind.Page && rng.Chance(40))
        {
            o.Append("Page ");
            o.Append(link.Number);
        }
        else
        {
            AppendWords(o, ref rng, 1 + rng.Next(3), capitalizeFirst: false);
        }

        o.Append("</a>");
    }

    private static void AppendWords(ByteBuilder o, ref PageRandom rng, int count, bool capitalizeFirst)
    {
        for (int w = 0; w < count; w++)
        {
            if (w > 0)
            {
                o.Append(' ');
            }

            o.Append(Words.Get(rng.Next(Words.Count), capitalizeFirst && w == 0));
        }
    }
}

using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>
/// Writes the HTML of a page of <see cref="SiteGraph"/>: head, nav bar, sections of prose with
/// inline links, a list of related links and a footer, 15-40 KB in all. Links are spelled here in
/// their many forms; their canonical targets come from the graph.
/// </summary>
internal sealed class PageRenderer(SiteGraph graph)
{
    private const int FooterReserve = 700;
    private const int LinkReserve = 60;

    private static readonly string[] JavascriptHrefs = ["javascript:void(0)", "javascript:window.print()", "javascript:history.back()"];

    public SiteGraph Graph => graph;

    public void RenderPage(int host, int page, RenderScratch scratch)
    {
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
        if (baseHref.Kind != BaseHrefKind.None)
        {
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

    public static void RenderNotFound(ByteBuilder o)
    {
        o.Clear();
        o.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>404 Not Found</title>\n</head>\n<body>\n<h1>Not Found</h1>\n<p>There is no page at this address.</p>\n</body>\n</html>\n");
    }

    private void AppendAnchor(ByteBuilder o, in Link link, int host, ReadOnlySpan<char> baseDir, RenderScratch scratch, ref PageRandom rng, string? text)
    {
        char quote = link.SingleQuoted ? '\'' : '"';
        o.Append(link.SingleQuoted ? "<a class=\"ref\" href='" : "<a href=\"");
        AppendHref(o, link, host, baseDir, scratch);
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

    private void AppendHref(ByteBuilder o, in Link link, int host, ReadOnlySpan<char> baseDir, RenderScratch scratch)
    {
        switch (link.Kind)
        {
            case LinkKind.Mailto:
                o.Append("mailto:webmaster");
                o.Append(link.Number);
                o.Append("@host");
                o.Append(link.Host);
                o.Append(".example");
                return;
            case LinkKind.Javascript:
                o.Append(JavascriptHrefs[link.Number % JavascriptHrefs.Length]);
                return;
            case LinkKind.SelfFragment:
                AppendFragment(o, link.Fragment);
                return;
        }

        int pathLength = graph.WriteTargetPath(link, scratch.Path);
        ReadOnlySpan<char> path = scratch.Path.AsSpan(0, pathLength);
        var form = link.Host == host ? link.Form : link.Form switch
        {
            LinkForm.AbsoluteUpper or LinkForm.ProtocolRelative => link.Form,
            _ => LinkForm.Absolute, // relative spellings only reach the page's own host
        };
        switch (form)
        {
            case LinkForm.Absolute:
            case LinkForm.AbsoluteUpper:
            case LinkForm.ProtocolRelative:
                o.Append(form switch { LinkForm.Absolute => "http://", LinkForm.AbsoluteUpper => "HTTP://", _ => "//" });
                o.Append(graph.Authorities[link.Host]);
                AppendPath(o, path, link);
                break;
            case LinkForm.RootRelative:
                AppendPath(o, path, link);
                break;
            default:
                if (form == LinkForm.RelativeDot)
                {
                    o.Append("./");
                }
                else if (form == LinkForm.RelativeDotDot)
                {
                    // Up one directory and down again: "../s3/p9.html" from /s3/, "s0/../p9.html" from /.
                    int last = baseDir[..^1].LastIndexOf('/');
                    if (last < 0 || baseDir.Length == 1)
                    {
                        o.Append("s0/../");
                    }
                    else
                    {
                        o.Append("../");
                        o.Append(baseDir[(last + 1)..]);
                    }
                }

                int relLength = WriteRelative(baseDir, path, scratch.Relative);
                AppendPath(o, scratch.Relative.AsSpan(0, relLength), link);
                break;
        }

        AppendFragment(o, link.Fragment);
    }

    /// <summary>A reference to <paramref name="target"/> relative to the directory <paramref name="baseDir"/>.</summary>
    internal static int WriteRelative(ReadOnlySpan<char> baseDir, ReadOnlySpan<char> target, Span<char> dest)
    {
        int common = 0;
        for (int k = 0; k < baseDir.Length && k < target.Length && baseDir[k] == target[k]; k++)
        {
            if (baseDir[k] == '/')
            {
                common = k + 1;
            }
        }

        int written = 0;
        foreach (char c in baseDir[common..])
        {
            if (c == '/')
            {
                "../".CopyTo(dest[written..]);
                written += 3;
            }
        }

        target[common..].CopyTo(dest[written..]);
        written += target.Length - common;
        if (written == 0)
        {
            "./".CopyTo(dest);
            written = 2;
        }

        return written;
    }

    /// <summary>Writes a path, percent-encoding digits and the 'l' of its file name when the link asks.</summary>
    private static void AppendPath(ByteBuilder o, ReadOnlySpan<char> path, in Link link)
    {
        if (!link.Encoded)
        {
            o.Append(path);
            return;
        }

        int file = path.LastIndexOf('/') + 1;
        o.Append(path[..file]);
        foreach (char c in path[file..])
        {
            if (char.IsAsciiDigit(c))
            {
                o.Append('%');
                o.Append('3');
                o.Append(c);
            }
            else if (c == 'l')
            {
                o.Append(link.Number % 2 == 0 ? "%6C" : "%6c");
            }
            else
            {
                o.Append(c);
            }
        }
    }

    private static void AppendFragment(ByteBuilder o, int fragment)
    {
        if (fragment < 0)
        {
            return;
        }

        o.Append('#');
        if (fragment > 0)
        {
            o.Append("sec-");
            o.Append(fragment);
        }
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

using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>
/// Writes an article page: a known article (<see cref="ArticleText"/>: h1, share box, sections of paragraphs with one
/// link, a list, a table, a code block, an ad between sections) inside <c>main</c>, wrapped in the boilerplate of a news
/// site: cookie banner, site header with the nav bar, sidebar of trending links and a sponsored promo, and a footer of
/// links. The page carries exactly the links of <see cref="SiteGraph.GetLinks"/> (nav bar, sidebar, footer) plus the
/// article's link to the host's root, which the nav bar already links: its link graph and truth are an ordinary page's.
/// </summary>
internal sealed class ArticleRenderer(SiteGraph graph)
{
    private readonly HrefWriter _hrefs = new(graph);

    public void RenderPage(int host, int page, RenderScratch scratch)
    {
        var o = scratch.Output;
        o.Clear();
        var links = scratch.Links;
        var (baseHref, navCount) = graph.GetLinks(host, page, links);
        int baseDirLength = graph.WriteBaseDirectory(host, page, baseHref, scratch.BaseDirectory);
        ReadOnlySpan<char> baseDir = scratch.BaseDirectory.AsSpan(0, baseDirLength);
        var paragraphs = new List<int>(8);
        var a = ArticleText.Generate(graph, host, page, links.Count, paragraphs);
        var chrome = a.Boilerplate;
        int anchor = 8;
        // A printer-friendly copy (PageCopies) has no chrome but the footer, which then holds every link.
        bool print = graph.DuplicatePercent > 0 && PageCopies.Of(graph, host, page).Kind == CopyKind.Printable;

        o.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        o.Append(a.Title);
        o.Append(" | ");
        o.Append(chrome[0]);
        o.Append("</title>\n");
        PageRenderer.AppendBase(o, graph, host, baseHref, baseDir);
        o.Append("<style>.cookie-banner{position:fixed;bottom:0}.sidebar{float:right;width:30%}</style>\n</head>\n<body>\n");
        if (print)
        {
            navCount = 0;
            goto Article;
        }

        o.Append("<div class=\"cookie-banner\" id=\"cookie-consent\" role=\"dialog\">\n<p>");
        o.Append(chrome[1]);
        o.Append("</p>\n<button type=\"button\">");
        o.Append(chrome[2]);
        o.Append("</button>\n</div>\n<header class=\"site-header\">\n<div class=\"logo\">");
        o.Append(chrome[0]);
        o.Append("</div>\n<nav class=\"menu\">\n");
        for (int k = 0; k < navCount; k++)
        {
            AppendAnchor(o, links[k], host, baseDir, scratch, chrome[anchor++]);
            o.Append('\n');
        }

        o.Append("</nav>\n</header>\n");
    Article:
        o.Append("<main>\n<article class=\"post\">\n<h1>");
        o.Append(a.Title);
        o.Append("</h1>\n");
        if (graph.DuplicatePercent > 0)
        {
            o.Append("<p class=\"dateline\">");
            o.Append(PageCopies.DateLine(graph, host, page));
            o.Append("</p>\n");
        }

        if (!print)
        {
            o.Append("<div class=\"share\">");
            o.Append(chrome[4]);
            o.Append("</div>\n");
        }

        int sentence = 0;
        for (int section = 0; section < a.Headings.Count; section++)
        {
            o.Append("<h2>");
            o.Append(a.Headings[section]);
            o.Append("</h2>\n");
            for (int p = section * 2; p < section * 2 + 2; p++)
            {
                AppendParagraph(o, a, sentence, paragraphs[p]);
                sentence += paragraphs[p];
                if (p == section * 2)
                {
                    AppendBlock(o, a, section);
                }
            }

            if (section == 0 && !print)
            {
                o.Append("<div class=\"ad ad-inline\">");
                o.Append(chrome[3]);
                o.Append("</div>\n");
            }
        }

        o.Append("</article>\n</main>\n");
        int sidebarEnd = navCount;
        if (print)
        {
            goto Footer;
        }

        o.Append("<aside class=\"sidebar\">\n<h2>");
        o.Append(chrome[5]);
        o.Append("</h2>\n<ul>\n");
        sidebarEnd = navCount + (links.Count - navCount) * 2 / 3;
        for (int k = navCount; k < sidebarEnd; k++)
        {
            o.Append("<li>");
            AppendAnchor(o, links[k], host, baseDir, scratch, chrome[anchor++]);
            o.Append("</li>\n");
        }

        o.Append("</ul>\n<div class=\"promo sponsored\">");
        o.Append(chrome[6]);
        o.Append("</div>\n</aside>\n");
    Footer:
        o.Append("<footer class=\"site-footer\">\n<ul>\n");
        for (int k = sidebarEnd; k < links.Count; k++)
        {
            o.Append("<li>");
            AppendAnchor(o, links[k], host, baseDir, scratch, chrome[anchor++]);
            o.Append("</li>\n");
        }

        o.Append("</ul>\n<p>");
        o.Append(chrome[7]);
        o.Append("</p>\n</footer>\n</body>\n</html>\n");
    }

    private static void AppendParagraph(ByteBuilder o, ArticleTruth a, int first, int count)
    {
        o.Append("<p>");
        for (int s = first; s < first + count; s++)
        {
            if (s > first)
            {
                o.Append(' ');
            }

            if (s == 0)
            {
                // The first sentence ends with the article's link (to the host's root).
                var text = a.Sentences[0];
                o.Append(text.AsSpan(0, text.Length - a.LinkText.Length - 1));
                o.Append("<a href=\"/\">");
                o.Append(a.LinkText);
                o.Append("</a>.");
            }
            else
            {
                o.Append(a.Sentences[s]);
            }
        }

        o.Append("</p>\n");
    }

    /// <summary>The list in the first section, the table in the second, the code block in the third.</summary>
    private static void AppendBlock(ByteBuilder o, ArticleTruth a, int section)
    {
        switch (section)
        {
            case 0:
                o.Append("<ul>\n");
                foreach (var item in a.ListItems)
                {
                    o.Append("<li>");
                    o.Append(item);
                    o.Append("</li>\n");
                }

                o.Append("</ul>\n");
                break;
            case 1:
                o.Append("<table>\n");
                for (int r = 0; r < a.TableRows.Count; r++)
                {
                    o.Append("<tr>");
                    foreach (var cell in a.TableRows[r])
                    {
                        o.Append(r == 0 ? "<th>" : "<td>");
                        o.Append(cell);
                        o.Append(r == 0 ? "</th>" : "</td>");
                    }

                    o.Append("</tr>\n");
                }

                o.Append("</table>\n");
                break;
            case 2:
                o.Append("<pre><code>");
                o.Append(string.Join('\n', a.CodeLines));
                o.Append("</code></pre>\n");
                break;
        }
    }

    private void AppendAnchor(ByteBuilder o, in Link link, int host, ReadOnlySpan<char> baseDir, RenderScratch scratch, string text)
    {
        char quote = link.SingleQuoted ? '\'' : '"';
        o.Append(link.SingleQuoted ? "<a class=\"ref\" href='" : "<a href=\"");
        _hrefs.Append(o, link, host, baseDir, scratch);
        o.Append(quote);
        o.Append('>');
        o.Append(text);
        o.Append("</a>");
    }
}

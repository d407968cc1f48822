using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>
/// Writes a product page: a shop's nav bar, the product (<see cref="ProductText"/>: name, price with currency, an old
/// price on some, rating, tags, reviews) in <c>main div.product</c>, related links and a footer. The page carries
/// exactly the links of <see cref="SiteGraph.GetLinks"/>, so its link graph and truth are an ordinary page's.
/// </summary>
internal sealed class ProductRenderer(SiteGraph graph)
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
        var p = ProductText.Generate(graph, host, page);

        o.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        o.Append(p.Name);
        o.Append(" | Shop</title>\n");
        PageRenderer.AppendBase(o, graph, host, baseHref, baseDir);
        o.Append("</head>\n<body>\n<nav class=\"menu\">\n");
        int k = 0;
        for (; k < navCount; k++)
        {
            AppendAnchor(o, links[k], host, baseDir, scratch, k);
            o.Append('\n');
        }

        o.Append("</nav>\n<main>\n<div class=\"product\">\n<h1 class=\"product-name\">\n  ");
        o.Append(p.Name);
        o.Append("\n</h1>\n<div class=\"price-box\"><span class=\"price\" data-amount=\"");
        o.Append(p.Price);
        o.Append("\" data-currency=\"");
        o.Append(p.Currency);
        o.Append("\">");
        o.Append(p.Price);
        o.Append(' ');
        o.Append(p.Currency);
        o.Append("</span>");
        if (p.OldPrice is not null)
        {
            o.Append(" <s class=\"old-price\">");
            o.Append(p.OldPrice);
            o.Append(' ');
            o.Append(p.Currency);
            o.Append("</s>");
        }

        o.Append("</div>\n<div class=\"rating\" data-rating=\"");
        o.Append(p.Rating);
        o.Append("\">Rated ");
        o.Append(p.Rating);
        o.Append(" out of 5</div>\n<ul class=\"tags\">\n");
        foreach (var tag in p.Tags)
        {
            o.Append("<li> ");
            o.Append(tag);
            o.Append(" </li>\n");
        }

        o.Append("</ul>\n<section class=\"reviews\">\n");
        for (int r = 0; r < p.Reviews; r++)
        {
            o.Append("<div class=\"review\">Review ");
            o.Append(r + 1);
            o.Append("</div>\n");
        }

        o.Append("</section>\n</div>\n</main>\n<aside class=\"related\">\n<ul>\n");
        for (; k < links.Count; k++)
        {
            o.Append("<li>");
            AppendAnchor(o, links[k], host, baseDir, scratch, k);
            o.Append("</li>\n");
        }

        o.Append("</ul>\n</aside>\n<footer><p>Shop footer</p></footer>\n</body>\n</html>\n");
    }

    private void AppendAnchor(ByteBuilder o, in Link link, int host, ReadOnlySpan<char> baseDir, RenderScratch scratch, int index)
    {
        char quote = link.SingleQuoted ? '\'' : '"';
        o.Append(link.SingleQuoted ? "<a class=\"ref\" href='" : "<a href=\"");
        _hrefs.Append(o, link, host, baseDir, scratch);
        o.Append(quote);
        o.Append(">Item ");
        o.Append(index + 1);
        o.Append("</a>");
    }
}

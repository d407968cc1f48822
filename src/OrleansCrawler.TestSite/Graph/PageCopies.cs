namespace OrleansCrawler.TestSite.Graph;

/// <summary>Which article pages are copies of which (a pure function of seed, host and page, like the rest of the
/// web): a page drawn as a copy (<see cref="SiteGraph.DuplicatePercent"/> of the article pages) copies the nearest
/// article page at or below its number on a host drawn from its key (often another host: a mirror) that is not drawn
/// as a copy itself, so no copy is a copy of a copy. The kind is drawn evenly from the three.</summary>
internal static class PageCopies
{
    private const ulong CopySalt = 0xD0B1E5;
    private const int MaxSearch = 400;

    public static PageCopy Of(SiteGraph graph, int host, int page)
    {
        if (graph.DuplicatePercent == 0 || !graph.IsArticle(host, page) || !IsDrawn(graph, host, page, out var key))
        {
            return default;
        }

        var from = (int)((key >> 8) % (ulong)graph.HostCount);
        for (int p = Math.Min(page - 1, graph.PageCount(from) - 1), n = 0; p > 0 && n < MaxSearch; p--, n++)
        {
            if (graph.IsArticle(from, p) && !IsDrawn(graph, from, p, out _))
            {
                return new PageCopy((CopyKind)(1 + (int)((key >> 40) % 3)), from, p);
            }
        }

        return default;
    }

    /// <summary>The date line every article page gets while copies are on: what a republished copy changes.</summary>
    public static string DateLine(SiteGraph graph, int host, int page)
    {
        var key = PageRandom.Key(graph.Seed, host, page, CopySalt ^ 0xDA7E);
        return $"Updated on {1 + (int)(key % 28)} {Months[(int)((key >> 40) % 12)]} {2000 + (int)((key >> 8) % 27)}, {(key >> 16) % 100_000} views";
    }

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static bool IsDrawn(SiteGraph graph, int host, int page, out ulong key)
    {
        key = PageRandom.Key(graph.Seed, host, page, CopySalt);
        return key % 100 < (ulong)graph.DuplicatePercent;
    }
}

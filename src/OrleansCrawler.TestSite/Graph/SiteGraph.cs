namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The model of the synthetic web: which pages exist on which host, where each lives, and which
/// links each page carries. Everything is a pure function of (seed, host, page index), so pages are
/// generated on demand and nothing per page is kept in memory. The renderer spells the links of
/// <see cref="GetLinks"/>; <see cref="ComputeTruth"/> follows their canonical targets.
/// </summary>
internal sealed class SiteGraph
{
    internal const ulong ClassSalt = 0xC1A55;
    internal const ulong LinkSalt = 0x11A4C;
    internal const ulong TextSalt = 0x7E47;

    /// <summary>Longest path or relative reference the graph writes (well above the real maximum).</summary>
    public const int MaxPathLength = 96;

    private readonly int _perHost;
    private readonly int _remainder;
    private readonly PageLinks _links;

    public SiteGraph(int seed, int totalPages, IReadOnlyList<string> authorities, int articlePercent = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(articlePercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(articlePercent, 100);
        ArticlePercent = articlePercent;
        ArgumentOutOfRangeException.ThrowIfLessThan(authorities.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalPages, authorities.Count);
        Seed = seed;
        TotalPages = totalPages;
        Authorities = [.. authorities];
        _perHost = totalPages / authorities.Count;
        _remainder = totalPages % authorities.Count;
        _links = new PageLinks(this);
    }

    public int Seed { get; }

    /// <summary>Percent of the non-root pages that are article pages (<see cref="IsArticle"/>); 0 leaves the web as it was.</summary>
    public int ArticlePercent { get; }

    /// <summary>Percent of the article pages that are copies of another (<see cref="PageCopies"/>); 0: none.</summary>
    public int DuplicatePercent { get; init; }

    public int TotalPages { get; }

    public int HostCount => Authorities.Length;

    public string[] Authorities { get; }

    public int PageCount(int host) => _perHost + (host < _remainder ? 1 : 0);

    public PageClass Classify(int host, int page)
    {
        if (page == 0)
        {
            return PageClass.Root;
        }

        ulong key = PageRandom.Key(Seed, host, page, ClassSalt);
        if (key % 100 >= 5)
        {
            return PageClass.Public;
        }

        return (key >> 12) % 4 == 0 ? PageClass.PrivateOpen : PageClass.Private;
    }

    /// <summary>Whether the page is an article page: the same links, written around a known article
    /// (<see cref="ArticleText"/>). Drawn from its own salt, so switching articles on changes no page's links.</summary>
    public bool IsArticle(int host, int page) =>
        ArticlePercent > 0 && page > 0 && PageRandom.Key(Seed, host, page, ArticleText.ArticleSalt) % 100 < (ulong)ArticlePercent;

    /// <summary>Percent of the non-root, non-article pages that are product pages (<see cref="IsProduct"/>); 0: none.</summary>
    public int ProductPercent { get; init; }

    /// <summary>Whether the page is a product page: the same links, written around a known product
    /// (<see cref="ProductText"/>). Drawn from its own salt; an article page is never a product page.</summary>
    public bool IsProduct(int host, int page) =>
        ProductPercent > 0 && page > 0 && !IsArticle(host, page)
        && PageRandom.Key(Seed, host, page, ProductText.ProductSalt) % 100 < (ulong)ProductPercent;

    /// <summary>About 1% of public pages exist (and are served) but no page links to them.</summary>
    public bool IsOrphan(int host, int page) =>
        page > 0 && (PageRandom.Key(Seed, host, page, ClassSalt) >> 24) % 100 == 0 && Classify(host, page) == PageClass.Public;

    public int WritePagePath(int host, int page, Span<char> dest)
    {
        switch (Classify(host, page))
        {
            case PageClass.Root:
                dest[0] = '/';
                return 1;
            case PageClass.Private:
                return Format(dest, $"{RobotsRules.DisallowedPrefix}p{page}.html");
            case PageClass.PrivateOpen:
                return Format(dest, $"{RobotsRules.AllowedAgainPrefix}p{page}.html");
            default:
                return Format(dest, $"/s{page % 10}/p{page}.html");
        }
    }

    public string PagePath(int host, int page)
    {
        Span<char> buffer = stackalloc char[MaxPathLength];
        return new string(buffer[..WritePagePath(host, page, buffer)]);
    }

    public string PageUrl(int host, int page) => "http://" + Authorities[host] + PagePath(host, page);

    /// <summary>The canonical path of a link's target; only for links with a path (not mailto/javascript/fragment).</summary>
    public int WriteTargetPath(in Link link, Span<char> dest) => link.Kind switch
    {
        LinkKind.Page => WritePagePath(link.Host, link.Number, dest),
        LinkKind.Image => Format(dest, $"/img/{link.Number}.png"),
        LinkKind.Pdf => Format(dest, $"/docs/{link.Number}.pdf"),
        LinkKind.MissingBeyond => Format(dest, $"/s{link.Number % 10}/p{link.Number}.html"),
        LinkKind.MissingWrongSection => Format(dest, $"/s{link.Variant}/p{link.Number}.html"),
        LinkKind.MissingDirectory => Format(dest, $"/missing/p{link.Number}.html"),
        _ => throw new InvalidOperationException($"Link kind {link.Kind} has no path."),
    };

    /// <summary>The directory a page's relative links resolve against (its base, or its own directory).</summary>
    public int WriteBaseDirectory(int host, int page, BaseHref baseHref, Span<char> dest)
    {
        if (baseHref.Kind != BaseHrefKind.None)
        {
            return baseHref.Section < 0 ? Format(dest, $"/") : Format(dest, $"/s{baseHref.Section}/");
        }

        int length = WritePagePath(host, page, dest);
        return dest[..length].LastIndexOf('/') + 1;
    }

    /// <summary>
    /// Fills <paramref name="links"/> with the page's links in document order (see <see cref="PageLinks"/>): the
    /// first <c>NavCount</c> go into the nav bar. Returns the page's base href and nav count.
    /// </summary>
    public (BaseHref Base, int NavCount) GetLinks(int host, int page, List<Link> links) => _links.Fill(host, page, links);

    /// <summary>
    /// Every HTML page URL reachable from the host roots by links and allowed by robots.txt, in
    /// the crawler's normalized form, sorted ordinally. A BFS over the model's canonical link targets.
    /// </summary>
    public List<string> ComputeTruth() => ComputeTruth(_ => null);

    /// <summary>The truth with faults in force (see <see cref="TestWeb.ComputeTruth"/>).</summary>
    public List<string> ComputeTruth(Func<int, HostFault?> faultOf) => SiteTruth.Compute(this, faultOf);

    private static int Format(Span<char> dest, [System.Runtime.CompilerServices.InterpolatedStringHandlerArgument(nameof(dest))] ref MemoryExtensions.TryWriteInterpolatedStringHandler handler)
    {
        if (!MemoryExtensions.TryWrite(dest, ref handler, out int written))
        {
            throw new InvalidOperationException("Path buffer too small.");
        }

        return written;
    }
}

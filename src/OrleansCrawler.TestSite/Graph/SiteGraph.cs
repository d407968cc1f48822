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

    public SiteGraph(int seed, int totalPages, IReadOnlyList<string> authorities)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(authorities.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalPages, authorities.Count);
        Seed = seed;
        TotalPages = totalPages;
        Authorities = [.. authorities];
        _perHost = totalPages / authorities.Count;
        _remainder = totalPages % authorities.Count;
    }

    public int Seed { get; }

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
    /// Fills <paramref name="links"/> with the page's links in document order: the first
    /// <c>NavCount</c> go into the nav bar. Returns the page's base href and nav count.
    /// </summary>
    public (BaseHref Base, int NavCount) GetLinks(int host, int page, List<Link> links)
    {
        links.Clear();
        var rng = new PageRandom(PageRandom.Key(Seed, host, page, LinkSalt));
        int pageCount = PageCount(host);

        var baseHref = rng.Chance(10)
            ? new BaseHref((BaseHrefKind)(1 + rng.Next(3)), rng.Next(11) - 1)
            : new BaseHref(BaseHrefKind.None, -1);
        int count = 30 + rng.Next(31);

        // Nav bar: home, the next two pages (a chain that makes most pages reachable), the previous one.
        links.Add(SameHost(LinkKind.Page, host, 0, ref rng));
        int next = NextLinkable(host, page + 1);
        if (next >= 0)
        {
            links.Add(SameHost(LinkKind.Page, host, next, ref rng));
            int afterNext = NextLinkable(host, next + 1);
            if (afterNext >= 0)
            {
                links.Add(SameHost(LinkKind.Page, host, afterNext, ref rng));
            }
        }

        if (page > 0)
        {
            int previous = page - 1;
            while (IsOrphan(host, previous))
            {
                previous--;
            }

            links.Add(SameHost(LinkKind.Page, host, previous, ref rng));
        }

        int navCount = links.Count;
        while (links.Count < count)
        {
            int roll = rng.Next(100);
            if (roll < 50)
            {
                links.Add(SameHost(LinkKind.Page, host, RandomLinkable(host, pageCount, ref rng), ref rng));
            }
            else if (roll < 60 && HostCount > 1)
            {
                int other = (host + 1 + rng.Next(HostCount - 1)) % HostCount;
                int target = rng.Chance(30) ? 0 : RandomLinkable(other, PageCount(other), ref rng);
                links.Add(CrossHost(other, target, ref rng));
            }
            else if (roll < 66)
            {
                links.Add(SameHost(LinkKind.Page, host, RandomPrivateOrAny(host, pageCount, ref rng), ref rng));
            }
            else if (roll < 73)
            {
                links.Add(SameHost(LinkKind.Image, host, rng.Next(500), ref rng));
            }
            else if (roll < 76)
            {
                links.Add(SameHost(LinkKind.Pdf, host, rng.Next(200), ref rng));
            }
            else if (roll < 80)
            {
                links.Add(Missing(host, pageCount, ref rng));
            }
            else if (roll < 88)
            {
                // A duplicate: the same link again, half the time spelled differently.
                var copy = links[rng.Next(links.Count)];
                links.Add(copy.Kind == LinkKind.Page && copy.Host == host && rng.Chance(50)
                    ? SameHost(LinkKind.Page, host, copy.Number, ref rng)
                    : copy);
            }
            else if (roll < 91)
            {
                links.Add(new Link(LinkKind.Mailto, host, rng.Next(5), LinkForm.Absolute));
            }
            else if (roll < 94)
            {
                links.Add(new Link(LinkKind.Javascript, host, rng.Next(3), LinkForm.Absolute));
            }
            else if (roll < 97 && baseHref.Kind == BaseHrefKind.None)
            {
                // A same-document fragment; with a base href it would resolve against the base instead.
                links.Add(new Link(LinkKind.SelfFragment, host, page, LinkForm.Relative, Fragment: 1 + rng.Next(6)));
            }
            else
            {
                var link = SameHost(LinkKind.Page, host, RandomLinkable(host, pageCount, ref rng), ref rng);
                links.Add(link with { Fragment = rng.Next(6) });
            }
        }

        return (baseHref, navCount);
    }

    /// <summary>
    /// Every HTML page URL reachable from the host roots by links and allowed by robots.txt, in
    /// the crawler's normalized form, sorted ordinally. A BFS over the model's canonical link targets.
    /// </summary>
    public List<string> ComputeTruth() => ComputeTruth(_ => null);

    /// <summary>The truth with faults in force (see <see cref="TestWeb.ComputeTruth"/>).</summary>
    public List<string> ComputeTruth(Func<int, HostFault?> faultOf)
    {
        var visited = new bool[HostCount][];
        for (int h = 0; h < HostCount; h++)
        {
            visited[h] = new bool[PageCount(h)];
        }

        var queue = new Queue<(int Host, int Page)>();
        for (int h = 0; h < HostCount; h++)
        {
            visited[h][0] = true;
            queue.Enqueue((h, 0));
        }

        var truth = new List<string>();
        var links = new List<Link>(64);
        Span<char> path = stackalloc char[MaxPathLength];
        while (queue.TryDequeue(out var item))
        {
            int length = WritePagePath(item.Host, item.Page, path);
            var mode = faultOf(item.Host)?.Mode ?? FaultMode.None;
            if (mode is FaultMode.ServerErrorForever or FaultMode.RobotsServerError or FaultMode.RobotsTimeout
                || (mode != FaultMode.RobotsNotFound && !RobotsRules.IsAllowed(path[..length])))
            {
                continue;
            }

            if (item.Page != 0 && HostFault.IsAffectedPage(item.Page))
            {
                if (mode == FaultMode.CrossHostRedirect)
                {
                    int next = (item.Host + 1) % HostCount;
                    if (faultOf(item.Host)!.Target is null && item.Page < PageCount(next)
                        && Classify(next, item.Page) == Classify(item.Host, item.Page) && !visited[next][item.Page])
                    {
                        visited[next][item.Page] = true;
                        queue.Enqueue((next, item.Page));
                    }

                    continue;
                }

                if (mode is FaultMode.SlowResponse or FaultMode.SlowDrip or FaultMode.Truncated or FaultMode.HugePage
                    or FaultMode.GzipBomb or FaultMode.RedirectLoop or FaultMode.BinaryAsHtml)
                {
                    continue;
                }
            }

            truth.Add(string.Concat("http://", Authorities[item.Host], path[..length]));
            GetLinks(item.Host, item.Page, links);
            bool chained = mode == FaultMode.RedirectChain && item.Page != 0 && HostFault.IsAffectedPage(item.Page);
            foreach (var link in links)
            {
                if (chained && link.Kind == LinkKind.SelfFragment)
                {
                    // A same-document link resolves against the URL the chain ended at, which the web serves too.
                    truth.Add(string.Concat("http://", Authorities[item.Host], path[..length], "?hop=3"));
                    chained = false;
                }

                if (link.TargetsPage && !visited[link.Host][link.Number])
                {
                    visited[link.Host][link.Number] = true;
                    queue.Enqueue((link.Host, link.Number));
                }
            }
        }

        truth.Sort(StringComparer.Ordinal);
        return truth;
    }

    private static int Format(Span<char> dest, [System.Runtime.CompilerServices.InterpolatedStringHandlerArgument(nameof(dest))] ref MemoryExtensions.TryWriteInterpolatedStringHandler handler)
    {
        if (!MemoryExtensions.TryWrite(dest, ref handler, out int written))
        {
            throw new InvalidOperationException("Path buffer too small.");
        }

        return written;
    }

    private int NextLinkable(int host, int page)
    {
        int count = PageCount(host);
        while (page < count && IsOrphan(host, page))
        {
            page++;
        }

        return page < count ? page : -1;
    }

    private int RandomLinkable(int host, int pageCount, ref PageRandom rng)
    {
        int page = rng.Next(pageCount);
        while (IsOrphan(host, page))
        {
            page--; // page 0 is never an orphan
        }

        return page;
    }

    private int RandomPrivateOrAny(int host, int pageCount, ref PageRandom rng)
    {
        int start = rng.Next(pageCount);
        for (int k = 0; k < 60 && start + k < pageCount; k++)
        {
            if (Classify(host, start + k) is PageClass.Private or PageClass.PrivateOpen)
            {
                return start + k;
            }
        }

        return RandomLinkable(host, pageCount, ref rng);
    }

    private static Link SameHost(LinkKind kind, int host, int number, ref PageRandom rng)
    {
        int roll = rng.Next(100);
        var form = roll switch
        {
            < 12 => LinkForm.Absolute,
            < 17 => LinkForm.AbsoluteUpper,
            < 22 => LinkForm.ProtocolRelative,
            < 47 => LinkForm.RootRelative,
            < 72 => LinkForm.Relative,
            < 84 => LinkForm.RelativeDot,
            _ => LinkForm.RelativeDotDot,
        };
        bool encoded = rng.Chance(8);
        int fragment = rng.Chance(10) ? rng.Next(6) : -1;
        return new Link(kind, host, number, form, 0, encoded, fragment, rng.Chance(8));
    }

    private static Link CrossHost(int host, int page, ref PageRandom rng)
    {
        int roll = rng.Next(100);
        var form = roll switch
        {
            < 60 => LinkForm.Absolute,
            < 80 => LinkForm.AbsoluteUpper,
            _ => LinkForm.ProtocolRelative,
        };
        int fragment = rng.Chance(10) ? rng.Next(6) : -1;
        return new Link(LinkKind.Page, host, page, form, Encoded: rng.Chance(8), Fragment: fragment);
    }

    private static Link Missing(int host, int pageCount, ref PageRandom rng)
    {
        var link = SameHost(LinkKind.MissingDirectory, host, rng.Next(1000), ref rng);
        switch (rng.Next(3))
        {
            case 0:
                return link with { Kind = LinkKind.MissingBeyond, Number = pageCount + rng.Next(1000) };
            case 1 when pageCount > 1:
                int page = 1 + rng.Next(pageCount - 1);
                return link with { Kind = LinkKind.MissingWrongSection, Number = page, Variant = (page % 10 + 1 + rng.Next(9)) % 10 };
            default:
                return link;
        }
    }
}

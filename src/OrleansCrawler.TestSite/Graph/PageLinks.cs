namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The links of a page of <see cref="SiteGraph"/>: how many, to which targets (pages of the same host and of
/// others, private pages, images, PDFs, missing pages, duplicates, mailto:, javascript:, fragments) and in which
/// spelling, all drawn from the page's own <see cref="PageRandom"/> stream.
/// </summary>
internal sealed class PageLinks(SiteGraph graph)
{
    /// <summary>
    /// Fills <paramref name="links"/> with the page's links in document order: the first
    /// <c>NavCount</c> go into the nav bar. Returns the page's base href and nav count.
    /// </summary>
    public (BaseHref Base, int NavCount) Fill(int host, int page, List<Link> links)
    {
        links.Clear();
        var rng = new PageRandom(PageRandom.Key(graph.Seed, host, page, SiteGraph.LinkSalt));
        int pageCount = graph.PageCount(host);

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
            while (graph.IsOrphan(host, previous))
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
            else if (roll < 60 && graph.HostCount > 1)
            {
                int other = (host + 1 + rng.Next(graph.HostCount - 1)) % graph.HostCount;
                int target = rng.Chance(30) ? 0 : RandomLinkable(other, graph.PageCount(other), ref rng);
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

    private int NextLinkable(int host, int page)
    {
        int count = graph.PageCount(host);
        while (page < count && graph.IsOrphan(host, page))
        {
            page++;
        }

        return page < count ? page : -1;
    }

    private int RandomLinkable(int host, int pageCount, ref PageRandom rng)
    {
        int page = rng.Next(pageCount);
        while (graph.IsOrphan(host, page))
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
            if (graph.Classify(host, start + k) is PageClass.Private or PageClass.PrivateOpen)
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

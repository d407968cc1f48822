namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The link graph of a <see cref="SiteGraph"/> as the web's own model has it: for each page of the truth, the distinct
/// targets of its http links in the crawler's normalized form (a same-document link is the page itself; mailto: and
/// javascript: are not links). From the model's canonical targets, never from parsing the rendered HTML.
/// </summary>
internal static class SiteLinkGraph
{
    public static List<(string From, string To)> Compute(SiteGraph graph, IReadOnlyCollection<string> pages)
    {
        var wanted = pages as IReadOnlySet<string> ?? new HashSet<string>(pages, StringComparer.Ordinal);
        var edges = new List<(string From, string To)>();
        var links = new List<Link>(64);
        Span<char> path = stackalloc char[SiteGraph.MaxPathLength];
        for (var host = 0; host < graph.HostCount; host++)
        {
            for (var page = 0; page < graph.PageCount(host); page++)
            {
                var from = graph.PageUrl(host, page);
                if (!wanted.Contains(from))
                {
                    continue;
                }

                graph.GetLinks(host, page, links);
                var targets = new HashSet<string>(StringComparer.Ordinal);
                foreach (var link in links)
                {
                    string? to = link.Kind switch
                    {
                        LinkKind.Mailto or LinkKind.Javascript => null,
                        LinkKind.SelfFragment => from,
                        _ => string.Concat("http://", graph.Authorities[link.Host], path[..graph.WriteTargetPath(link, path)]),
                    };
                    if (to is not null && targets.Add(to))
                    {
                        edges.Add((from, to));
                    }
                }
            }
        }

        return edges;
    }
}

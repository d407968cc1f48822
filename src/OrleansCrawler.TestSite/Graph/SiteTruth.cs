namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The truth of a <see cref="SiteGraph"/>: every HTML page URL reachable from the host roots by links and allowed
/// by robots.txt, in the crawler's normalized form, sorted ordinally. A BFS over the model's canonical link
/// targets, with the faults in force (see <see cref="TestWeb.ComputeTruth"/>).
/// </summary>
internal static class SiteTruth
{
    public static List<string> Compute(SiteGraph graph, Func<int, HostFault?> faultOf)
    {
        var visited = new bool[graph.HostCount][];
        for (int h = 0; h < graph.HostCount; h++)
        {
            visited[h] = new bool[graph.PageCount(h)];
        }

        var queue = new Queue<(int Host, int Page)>();
        for (int h = 0; h < graph.HostCount; h++)
        {
            visited[h][0] = true;
            queue.Enqueue((h, 0));
        }

        var truth = new List<string>();
        var links = new List<Link>(64);
        Span<char> path = stackalloc char[SiteGraph.MaxPathLength];
        while (queue.TryDequeue(out var item))
        {
            int length = graph.WritePagePath(item.Host, item.Page, path);
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
                    int next = (item.Host + 1) % graph.HostCount;
                    if (faultOf(item.Host)!.Target is null && item.Page < graph.PageCount(next)
                        && graph.Classify(next, item.Page) == graph.Classify(item.Host, item.Page) && !visited[next][item.Page])
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

            truth.Add(string.Concat("http://", graph.Authorities[item.Host], path[..length]));
            graph.GetLinks(item.Host, item.Page, links);
            bool chained = mode == FaultMode.RedirectChain && item.Page != 0 && HostFault.IsAffectedPage(item.Page);
            foreach (var link in links)
            {
                if (chained && link.Kind == LinkKind.SelfFragment)
                {
                    // A same-document link resolves against the URL the chain ended at, which the web serves too.
                    truth.Add(string.Concat("http://", graph.Authorities[item.Host], path[..length], "?hop=3"));
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
}

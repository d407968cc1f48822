namespace OrleansCrawler.Bench.Crawling;

/// <summary>One thread, breadth-first: blocking fetch, then parse, then store, one URL at a time.</summary>
public static class SequentialCrawl
{
    public static void Run(CrawlSession session)
    {
        var queue = new Queue<CrawlItem>(session.Seeds);
        while (queue.TryDequeue(out var item))
        {
            foreach (var link in session.Crawl(item))
            {
                queue.Enqueue(link);
            }
        }
    }
}

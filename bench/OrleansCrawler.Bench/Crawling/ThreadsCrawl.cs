namespace OrleansCrawler.Bench.Crawling;

/// <summary>One <see cref="Thread"/> per batch of URLs, joined: the study's "one thread per URL" grown into a
/// crawl. Breadth-first by levels: each level's URLs are split into at most <c>threads</c> batches, one new
/// thread crawls each batch with blocking calls, all are joined, and the links they found make the next level.</summary>
/// <remarks>The join per level is a barrier: the slowest batch holds up the next level, which is part of what
/// this mode shows next to the pool and pipeline modes that never wait for a whole level.</remarks>
public static class ThreadsCrawl
{
    public static void Run(CrawlSession session, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var level = session.Seeds.ToList();
        while (level.Count > 0)
        {
            var next = new List<CrawlItem>();
            var nextLock = new Lock();
            var batches = Math.Min(threads, level.Count);
            var workers = new Thread[batches];
            Exception? failure = null;
            for (var b = 0; b < batches; b++)
            {
                var batch = b;
                workers[b] = new Thread(() =>
                {
                    try
                    {
                        for (var i = batch; i < level.Count; i += batches)
                        {
                            var links = session.Crawl(level[i]);
                            if (links.Count > 0)
                            {
                                lock (nextLock)
                                {
                                    next.AddRange(links);
                                }
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                    }
                })
                { IsBackground = true, Name = $"crawl-{batch}" };
                workers[b].Start();
            }

            foreach (var worker in workers)
            {
                worker.Join();
            }

            if (failure is not null)
            {
                throw new InvalidOperationException("A crawl thread failed.", failure);
            }

            level = next;
        }
    }
}

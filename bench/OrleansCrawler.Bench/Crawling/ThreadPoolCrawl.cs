using System.Threading.Channels;

namespace OrleansCrawler.Bench.Crawling;

/// <summary>A fixed-size pool: <see cref="Parallel.ForEachAsync{TSource}(IAsyncEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
/// over the frontier with <see cref="ParallelOptions.MaxDegreeOfParallelism"/> as the pool size (the study's
/// <c>ThreadPoolExecutor(max_workers)</c>). The body awaits its I/O, so a worker's thread goes back to the pool
/// while it waits.</summary>
public static class ThreadPoolCrawl
{
    public static async Task RunAsync(CrawlSession session, int degree, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        var frontier = Channel.CreateUnbounded<CrawlItem>();
        var pending = new PendingWork(session.Seeds.Count);
        foreach (var seed in session.Seeds)
        {
            frontier.Writer.TryWrite(seed);
        }

        if (session.Seeds.Count == 0)
        {
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(frontier.Reader.ReadAllAsync(cancellationToken), options, async (item, ct) =>
            {
                var links = await session.CrawlAsync(item, ct).ConfigureAwait(false);
                pending.Add(links.Count);
                foreach (var link in links)
                {
                    frontier.Writer.TryWrite(link);
                }

                if (pending.Finish())
                {
                    frontier.Writer.TryComplete();
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            frontier.Writer.TryComplete();
        }
    }
}

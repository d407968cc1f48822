using System.Threading.Channels;

namespace OrleansCrawler.Bench.Crawling;

/// <summary>async/await with a <see cref="SemaphoreSlim"/> cap on the URLs in progress (the study's asyncio +
/// <c>Semaphore(10)</c>). One loop takes URLs off the frontier and starts a task for each once a slot is free.
/// Where the continuations run is the caller's choice: on a <see cref="SingleThreadContext"/> everything but the
/// socket I/O runs on one thread, like an event loop; on the thread pool they spread over every core.</summary>
public static class AsyncCrawl
{
    public static async Task RunAsync(CrawlSession session, int maxInFlight, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var frontier = Channel.CreateUnbounded<CrawlItem>();
        var pending = new PendingWork(session.Seeds.Count);
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        Exception? failure = null;
        foreach (var seed in session.Seeds)
        {
            frontier.Writer.TryWrite(seed);
        }

        if (session.Seeds.Count == 0)
        {
            return;
        }

        async Task CrawlOneAsync(CrawlItem item)
        {
            try
            {
                var links = await session.CrawlAsync(item, cancellationToken);
                pending.Add(links.Count);
                foreach (var link in links)
                {
                    frontier.Writer.TryWrite(link);
                }

                if (pending.Finish())
                {
                    frontier.Writer.TryComplete();
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                frontier.Writer.TryComplete();
            }
            finally
            {
                slots.Release();
            }
        }

        var running = new List<Task>();
        await foreach (var item in frontier.Reader.ReadAllAsync(cancellationToken))
        {
            await slots.WaitAsync(cancellationToken);
            running.Add(CrawlOneAsync(item));
            if (running.Count >= 4 * maxInFlight)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(running);
        if (failure is not null)
        {
            throw new InvalidOperationException("A crawl task failed.", failure);
        }
    }
}

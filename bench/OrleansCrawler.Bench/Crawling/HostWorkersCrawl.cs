using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Bench.Crawling;

/// <summary>The Orleans crawler's scheduling in plain async/await, without Orleans: the no-Orleans baseline of the
/// throughput harness. Per host a FIFO queue and at most <c>perHost</c> workers, each crawling its host's URLs one
/// at a time (robots.txt, fetch, parse, store, admit links); a process-wide <see cref="SemaphoreSlim"/> of
/// <c>maxFetches</c> slots held around the page fetch only. That is what a partition grain's per-host workers and
/// the silo's fetch slots do, on the thread pool instead of grain schedulers.</summary>
public static class HostWorkersCrawl
{
    public static async Task RunAsync(CrawlSession session, int maxFetches, int perHost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFetches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perHost, 1);
        if (session.Seeds.Count == 0)
        {
            return;
        }

        using var fetchSlots = new SemaphoreSlim(maxFetches, maxFetches);
        var hosts = new Dictionary<string, HostQueue>(StringComparer.Ordinal);
        var pending = new PendingWork(session.Seeds.Count);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancelled = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));

        void Offer(CrawlItem item)
        {
            HostQueue? start = null;
            lock (hosts)
            {
                var authority = HostPartitioner.AuthorityOf(item.Url);
                if (!hosts.TryGetValue(authority, out var queue))
                {
                    queue = new HostQueue();
                    hosts.Add(authority, queue);
                }

                queue.Items.Enqueue(item);
                if (queue.Workers < perHost)
                {
                    queue.Workers++;
                    start = queue;
                }
            }

            if (start is not null)
            {
                _ = Task.Run(() => WorkAsync(start), CancellationToken.None);
            }
        }

        async Task WorkAsync(HostQueue queue)
        {
            while (true)
            {
                CrawlItem item;
                lock (hosts)
                {
                    if (!queue.Items.TryDequeue(out item))
                    {
                        queue.Workers--;
                        return;
                    }
                }

                try
                {
                    var result = await session.FetchAsync(item, cancellationToken, fetchSlots);
                    var links = result is null ? [] : await session.ProcessAsync(item, result, cancellationToken);
                    pending.Add(links.Count);
                    foreach (var link in links)
                    {
                        Offer(link);
                    }
                }
                catch (Exception ex)
                {
                    done.TrySetException(new InvalidOperationException($"Crawling {item.Url} failed.", ex));
                    return;
                }

                if (pending.Finish())
                {
                    done.TrySetResult();
                }
            }
        }

        foreach (var seed in session.Seeds)
        {
            Offer(seed);
        }

        await done.Task;
    }

    private sealed class HostQueue
    {
        public Queue<CrawlItem> Items { get; } = new();

        public int Workers { get; set; }
    }
}

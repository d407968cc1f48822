using System.Collections.Concurrent;
using System.Threading.Channels;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Bench.Crawling;

/// <summary>The study's pipeline: crawl threads fetch (blocking) and put the HTML on a bounded channel; parse
/// threads take it off, parse, store, and put the new links back on the frontier the crawl threads read.</summary>
/// <remarks>The frontier is unbounded and only the HTML channel is bounded, so the loop crawl → parse → frontier
/// cannot deadlock: a parse thread never waits on a full queue.</remarks>
public static class ProducerConsumerCrawl
{
    public static void Run(CrawlSession session, int crawlThreads, int parseThreads, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(crawlThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parseThreads, 1);
        using var frontier = new BlockingCollection<CrawlItem>();
        var html = Channel.CreateBounded<(CrawlItem Item, FetchResult Result)>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        var pending = new PendingWork(session.Seeds.Count);
        Exception? failure = null;

        void Finish()
        {
            if (pending.Finish())
            {
                frontier.CompleteAdding();
                html.Writer.TryComplete();
            }
        }

        void Fail(Exception ex)
        {
            Interlocked.CompareExchange(ref failure, ex, null);
            frontier.CompleteAdding();
            html.Writer.TryComplete();
        }

        void CrawlLoop()
        {
            try
            {
                foreach (var item in frontier.GetConsumingEnumerable())
                {
                    var result = session.FetchAsync(item).GetAwaiter().GetResult();
                    if (result is null)
                    {
                        Finish(); // disallowed by robots.txt: nothing to parse
                    }
                    else if (!html.Writer.TryWrite((item, result)))
                    {
                        html.Writer.WriteAsync((item, result)).AsTask().GetAwaiter().GetResult();
                    }
                }
            }
            catch (Exception ex)
            {
                Fail(ex); // keeps the first failure; later ones are its echo (closed queues)
            }
        }

        void ParseLoop()
        {
            try
            {
                var reader = html.Reader;
                while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    while (reader.TryRead(out var fetched))
                    {
                        var links = session.ProcessAsync(fetched.Item, fetched.Result).GetAwaiter().GetResult();
                        pending.Add(links.Count);
                        foreach (var link in links)
                        {
                            frontier.Add(link);
                        }

                        Finish();
                    }
                }
            }
            catch (Exception ex)
            {
                Fail(ex); // keeps the first failure; later ones are its echo (closed queues)
            }
        }

        foreach (var seed in session.Seeds)
        {
            frontier.Add(seed);
        }

        if (session.Seeds.Count == 0)
        {
            return;
        }

        var threads = new List<Thread>();
        for (var i = 0; i < crawlThreads; i++)
        {
            threads.Add(new Thread(CrawlLoop) { IsBackground = true, Name = $"crawl-{i}" });
        }

        for (var i = 0; i < parseThreads; i++)
        {
            threads.Add(new Thread(ParseLoop) { IsBackground = true, Name = $"parse-{i}" });
        }

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
        {
            throw new InvalidOperationException("A pipeline thread failed.", failure);
        }
    }
}

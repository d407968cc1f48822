using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Crawling;

/// <summary>The frontier of one partition: a seen-set over every URL ever offered, a FIFO queue per authority,
/// and the count of workers per authority (the per-host concurrency cap). Not thread-safe: its partition grain
/// owns it and runs single-threaded.</summary>
public sealed class PartitionFrontier
{
    private readonly Dictionary<string, HostQueue> _hosts = new(StringComparer.Ordinal);
    private readonly SeenSet _seen = new();
    private readonly int _perHostConcurrency;
    private readonly int _maxDepth;

    /// <param name="perHostConcurrency">Most workers (so fetches in flight) per authority.</param>
    /// <param name="maxDepth">Deepest depth accepted, or -1 for no limit.</param>
    public PartitionFrontier(int perHostConcurrency, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perHostConcurrency, 1);
        _perHostConcurrency = perHostConcurrency;
        _maxDepth = maxDepth;
    }

    public long Accepted { get; private set; }

    public long Queued { get; private set; }

    public long InFlight { get; private set; }

    public long Settled { get; private set; }

    public long Fetched { get; private set; }

    public long Failed { get; private set; }

    public long RobotsDenied { get; private set; }

    public long Skipped { get; private set; }

    public long Bytes { get; private set; }

    public int SeenCount => _seen.Count;

    public long SeenSetBytes => _seen.MemoryBytes;

    /// <summary>Nothing queued and nothing in flight.</summary>
    public bool IsIdle => Queued == 0 && InFlight == 0;

    /// <summary>Offers a normalized URL. False when it was seen before or is deeper than the limit.</summary>
    public bool Offer(string url, int depth, out string authority)
    {
        authority = "";
        if (_maxDepth >= 0 && depth > _maxDepth)
        {
            return false;
        }

        if (!_seen.Add(UrlFingerprint.Of(url)))
        {
            return false;
        }

        authority = HostPartitioner.AuthorityOf(url);
        if (!_hosts.TryGetValue(authority, out var host))
        {
            host = new HostQueue();
            _hosts.Add(authority, host);
        }

        host.Pending.Enqueue(new FrontierEntry(url, authority, depth));
        Accepted++;
        Queued++;
        return true;
    }

    /// <summary>Claims a worker slot for the authority when it has more queued URLs than workers and is under
    /// the per-host cap. The caller starts a worker that calls <see cref="TryDequeue"/> until it returns false.</summary>
    public bool TryStartWorker(string authority)
    {
        var host = _hosts[authority];
        if (host.Workers >= _perHostConcurrency || host.Pending.Count <= host.Workers)
        {
            return false;
        }

        host.Workers++;
        return true;
    }

    /// <summary>Next URL of the authority for one of its workers. When it returns false the worker has ended
    /// (its slot is released in the same step, so no URL can be left queued without a worker).</summary>
    public bool TryDequeue(string authority, out FrontierEntry entry)
    {
        var host = _hosts[authority];
        if (host.Pending.TryDequeue(out entry))
        {
            Queued--;
            InFlight++;
            return true;
        }

        host.Workers--;
        return false;
    }

    /// <summary>Ends a worker that stops before its queue is empty (the partition was paused).</summary>
    public void ReleaseWorker(string authority)
    {
        var host = _hosts[authority];
        if (host.Workers <= 0)
        {
            throw new InvalidOperationException($"No worker of {authority} to release.");
        }

        host.Workers--;
    }

    /// <summary>Authorities with URLs waiting.</summary>
    public IEnumerable<string> AuthoritiesWithQueue()
    {
        foreach (var (authority, host) in _hosts)
        {
            if (host.Pending.Count > 0)
            {
                yield return authority;
            }
        }
    }

    /// <summary>Settles a dequeued URL.</summary>
    public void Settle(CrawlOutcome outcome, long bytes = 0)
    {
        if (InFlight <= 0)
        {
            throw new InvalidOperationException("Settle without a URL in flight.");
        }

        InFlight--;
        Settled++;
        Bytes += bytes;
        switch (outcome)
        {
            case CrawlOutcome.Fetched: Fetched++; break;
            case CrawlOutcome.Failed: Failed++; break;
            case CrawlOutcome.RobotsDenied: RobotsDenied++; break;
            case CrawlOutcome.Skipped: Skipped++; break;
            default: throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null);
        }
    }

    /// <summary>Drops every queued URL, settling each as skipped. Returns how many.</summary>
    public long DropQueued()
    {
        long dropped = 0;
        foreach (var host in _hosts.Values)
        {
            dropped += host.Pending.Count;
            host.Pending.Clear();
        }

        Queued -= dropped;
        Settled += dropped;
        Skipped += dropped;
        return dropped;
    }

    private sealed class HostQueue
    {
        public Queue<FrontierEntry> Pending { get; } = new();

        public int Workers { get; set; }
    }
}

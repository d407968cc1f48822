using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Crawling;

/// <summary>The frontier of one partition: a seen-set over every URL ever offered, per authority a FIFO queue of new
/// URLs, a queue of retries ordered by due time, the count of workers (the per-host concurrency cap) and the host's
/// politeness clock. Not thread-safe: its partition grain owns it and runs single-threaded.
/// <para>Accounting: every accepted URL is queued (new or retry), in flight, or settled exactly once.
/// <see cref="Requeue"/> moves a URL from in flight back to queued, so a URL waiting for a retry is never settled
/// and never lost.</para></summary>
public sealed class PartitionFrontier
{
    private readonly Dictionary<string, HostQueue> _hosts = new(StringComparer.Ordinal);
    private readonly SeenSet _seen = new();
    private readonly int _perHostConcurrency;
    private readonly int _maxDepth;
    private readonly PolitenessOptions _politeness;

    /// <param name="perHostConcurrency">Most workers (so fetches in flight) per authority.</param>
    /// <param name="maxDepth">Deepest depth accepted, or -1 for no limit.</param>
    /// <param name="politeness">Delays per authority (default: none).</param>
    public PartitionFrontier(int perHostConcurrency, int maxDepth, PolitenessOptions? politeness = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perHostConcurrency, 1);
        _perHostConcurrency = perHostConcurrency;
        _maxDepth = maxDepth;
        _politeness = politeness ?? PolitenessOptions.Default;
    }

    public long Accepted { get; private set; }

    public long Queued { get; private set; }

    public long InFlight { get; private set; }

    public long Settled { get; private set; }

    public long Fetched { get; private set; }

    public long Failed { get; private set; }

    public long RobotsDenied { get; private set; }

    public long Skipped { get; private set; }

    public long Refused { get; private set; }

    /// <summary>Retries scheduled (URLs put back with <see cref="Requeue"/>).</summary>
    public long Retries { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Authorities that were parked at least once.</summary>
    public long HostsParked => _hosts.Values.Count(h => h.Politeness.Parks > 0);

    /// <summary>Authorities given up (no more requests).</summary>
    public long HostsGivenUp => _hosts.Values.Count(h => h.Politeness.IsGivenUp);

    public int SeenCount => _seen.Count;

    public long SeenSetBytes => _seen.MemoryBytes;

    /// <summary>Nothing queued and nothing in flight.</summary>
    public bool IsIdle => Queued == 0 && InFlight == 0;

    /// <summary>Offers a normalized URL. False when it was seen before or is deeper than the limit.</summary>
    public bool Offer(string url, int depth, out string authority, string? traceParent = null)
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
        HostOf(authority).Pending.Enqueue(new FrontierEntry(url, authority, depth, TraceParent: traceParent));
        Accepted++;
        Queued++;
        return true;
    }

    /// <summary>Puts back a URL read from the frontier store when the partition is rebuilt (after its silo went away
    /// or the crawl was resumed): into the seen-set, and into its host's queue when it was not settled (in flight
    /// then: crawled again), else into the counters. False for a repeat (already restored) or a settled URL.</summary>
    public bool Restore(FrontierRow row, out string authority)
    {
        authority = "";
        if (!_seen.Add(UrlFingerprint.Of(row.Url)))
        {
            return false;
        }

        Accepted++;
        if (row.Outcome is { } outcome)
        {
            Settled++;
            Bytes += row.Bytes;
            Count(outcome);
            return false;
        }

        authority = HostPartitioner.AuthorityOf(row.Url);
        HostOf(authority).Pending.Enqueue(new FrontierEntry(row.Url, authority, row.Depth));
        Queued++;
        return true;
    }

    /// <summary>Claims a worker slot for the authority when it has more queued URLs than workers and is under
    /// the per-host cap. The caller starts a worker that calls <see cref="TryDequeue"/> until it returns false.</summary>
    public bool TryStartWorker(string authority)
    {
        var host = _hosts[authority];
        if (host.Workers >= _perHostConcurrency || host.Pending.Count + host.Retries.Count <= host.Workers)
        {
            return false;
        }

        host.Workers++;
        return true;
    }

    /// <summary>The politeness clock and health of an authority that was offered URLs.</summary>
    public HostPoliteness Politeness(string authority) => _hosts[authority].Politeness;

    /// <summary>Every host of the partition with its queue, workers and politeness state (the web console's hosts view).</summary>
    public IEnumerable<HostSnapshot> Hosts() =>
        _hosts.Select(h => new HostSnapshot(h.Key, h.Value.Pending.Count + h.Value.Retries.Count, h.Value.Workers, h.Value.Politeness));

    /// <summary>Next URL of the authority for one of its workers, ignoring retry due times. When it returns false
    /// the worker has ended (its slot is released in the same step, so no URL can be left queued without a worker).</summary>
    public bool TryDequeue(string authority, out FrontierEntry entry) =>
        Take(authority, DateTimeOffset.MaxValue, out entry, out _) == TakeKind.Ready;

    /// <summary>Next URL of the authority for one of its workers: a due retry first, then new URLs in FIFO order.
    /// When only retries that are not due remain, <see cref="TakeKind.Wait"/> with the earliest due time. When
    /// nothing remains, <see cref="TakeKind.Ended"/> and the worker's slot is released in the same step. A host
    /// that was given up has every retry due at once (its URLs are recorded, not fetched).</summary>
    public TakeKind Take(string authority, DateTimeOffset now, out FrontierEntry entry, out DateTimeOffset due)
    {
        var host = _hosts[authority];
        due = default;
        if (host.Retries.TryPeek(out entry, out var retryDue) && (retryDue <= now || host.Politeness.IsGivenUp))
        {
            host.Retries.Dequeue();
        }
        else if (!host.Pending.TryDequeue(out entry))
        {
            if (host.Retries.Count > 0)
            {
                due = retryDue;
                return TakeKind.Wait;
            }

            host.Workers--;
            return TakeKind.Ended;
        }

        Queued--;
        InFlight++;
        return TakeKind.Ready;
    }

    /// <summary>Puts an in-flight URL back into its host's queue for another attempt, due at <paramref name="due"/>.</summary>
    public void Requeue(FrontierEntry entry, DateTimeOffset due)
    {
        if (InFlight <= 0)
        {
            throw new InvalidOperationException("Requeue without a URL in flight.");
        }

        _hosts[entry.Authority].Retries.Enqueue(entry with { Attempt = entry.Attempt + 1 }, due);
        InFlight--;
        Queued++;
        Retries++;
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
        Count(outcome);
    }

    private void Count(CrawlOutcome outcome)
    {
        switch (outcome)
        {
            case CrawlOutcome.Fetched: Fetched++; break;
            case CrawlOutcome.Failed: Failed++; break;
            case CrawlOutcome.RobotsDenied: RobotsDenied++; break;
            case CrawlOutcome.Skipped: Skipped++; break;
            case CrawlOutcome.Refused: Refused++; break;
            default: throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null);
        }
    }

    /// <summary>Drops every queued URL, settling each as skipped. Returns how many.</summary>
    public long DropQueued()
    {
        long dropped = 0;
        foreach (var host in _hosts.Values)
        {
            dropped += host.Pending.Count + host.Retries.Count;
            host.Pending.Clear();
            host.Retries.Clear();
        }

        Queued -= dropped;
        Settled += dropped;
        Skipped += dropped;
        return dropped;
    }

    private HostQueue HostOf(string authority)
    {
        if (!_hosts.TryGetValue(authority, out var host))
        {
            host = new HostQueue(_politeness.NewHost(authority));
            _hosts.Add(authority, host);
        }

        return host;
    }

    private sealed class HostQueue(HostPoliteness politeness)
    {
        public Queue<FrontierEntry> Pending { get; } = new();

        public PriorityQueue<FrontierEntry, DateTimeOffset> Retries { get; } = new();

        public HostPoliteness Politeness { get; } = politeness;

        public int Workers { get; set; }
    }
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>Sends the links a silo's parsers find to the partitions that own them, in batches across pages: per
/// partition at most one <see cref="IUrlPartitionGrain.EnqueueAsync"/> is in flight, and the links that arrive
/// meanwhile wait for it and go together in the next call (group commit, as the stores do). An idle partition gets
/// its links at once; a busy one gets fewer, larger calls. A page's <see cref="RouteAsync"/> completes when the call
/// carrying its links has returned, that is when its partition has made them durable, so the page may be settled
/// then; it fails when that call failed (after <see cref="GrainRetry"/>'s bounded retries), and the page is crawled
/// again. Links the partition accepted are remembered in the job's <see cref="RoutedLinkFilter"/>, and later
/// pages' copies of them are not sent at all.</summary>
public sealed class LinkRouter(IGrainFactory grains, TimeProvider time) : ILinkRouter
{
    private readonly ConcurrentDictionary<(string JobId, int Partition), Target> _targets = new();
    private long _calls;
    private long _sent;

    /// <summary>Enqueue calls made so far, and links they carried (for tests and the benchmark's diagnosis).</summary>
    public (long Calls, long Links) Sent => (Interlocked.Read(ref _calls), Interlocked.Read(ref _sent));

    /// <summary>Routes one page's links of one target partition; completes when they are durable there.</summary>
    public Task RouteAsync(JobRuntime job, int partition, IReadOnlyList<RoutedLink> requests)
    {
        if (requests.Count == 0)
        {
            return Task.CompletedTask;
        }

        var target = _targets.GetOrAdd((job.JobId, partition), key => new Target(grains.Partition(key.JobId, key.Partition), job.RoutedLinks));
        Task done;
        bool start;
        lock (target)
        {
            target.Pending ??= new Batch();
            target.Pending.Add(requests);
            done = target.Pending.Done.Task;
            start = !target.Sending;
            target.Sending = true;
        }

        if (start)
        {
            // Off the caller's grain scheduler and out of its trace: the batch is everybody's, not the page's.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => SendAsync(target));
            }
        }

        return done;
    }

    private async Task SendAsync(Target target)
    {
        while (true)
        {
            Batch batch;
            lock (target)
            {
                if (target.Pending is null)
                {
                    target.Sending = false;
                    return;
                }

                batch = target.Pending;
                target.Pending = null;
            }

            try
            {
                var requests = batch.Requests.ToImmutable();
                Interlocked.Increment(ref _calls);
                Interlocked.Add(ref _sent, requests.Length);
                // Bounded retries: the target's silo may have just died; it reactivates elsewhere within seconds.
                await GrainRetry.CallAsync(() => target.Grain.EnqueueAsync(requests), time);
                foreach (var fingerprint in batch.Fingerprints)
                {
                    target.Routed.Remember(fingerprint);
                }

                batch.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                batch.Done.TrySetException(ex);
            }
        }
    }

    private sealed class Target(IUrlPartitionGrain grain, RoutedLinkFilter routed)
    {
        public IUrlPartitionGrain Grain { get; } = grain;

        public RoutedLinkFilter Routed { get; } = routed;

        /// <summary>Links waiting for the call in flight to return; null when none wait.</summary>
        public Batch? Pending { get; set; }

        public bool Sending { get; set; }
    }

    private sealed class Batch
    {
        public ImmutableArray<CrawlRequest>.Builder Requests { get; } = ImmutableArray.CreateBuilder<CrawlRequest>();

        /// <summary>The requests' fingerprints, as the parser computed them for the filter.</summary>
        public List<ulong> Fingerprints { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(IReadOnlyList<RoutedLink> links)
        {
            foreach (var link in links)
            {
                Requests.Add(new CrawlRequest(link.Url, link.Depth, link.TraceParent));
                Fingerprints.Add(link.Fingerprint);
            }
        }
    }
}

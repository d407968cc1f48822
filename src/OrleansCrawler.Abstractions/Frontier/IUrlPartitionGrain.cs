using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>Owns the frontier of one partition of a job's hosts; keyed "{jobId}/{partition}".</summary>
[Alias("OrleansCrawler.IUrlPartitionGrain")]
public interface IUrlPartitionGrain : IGrainWithStringKey
{
    /// <summary>Gives the partition its job's spec; idempotent.</summary>
    [Alias("Start")]
    Task StartAsync(JobSpec spec);

    /// <summary>Adds URLs of this partition's hosts; duplicates and URLs beyond the depth limit are dropped.
    /// Returns once the accepted URLs are durable in the frontier store (not fetched). Interleaves with other calls, so
    /// the partition's appends share group commits instead of waiting for one another.</summary>
    [Alias("Enqueue"), Orleans.Concurrency.AlwaysInterleave]
    Task EnqueueAsync(ImmutableArray<CrawlRequest> requests);

    [Alias("GetStatus")]
    Task<PartitionStatus> GetStatusAsync();

    /// <summary>Paused, the partition starts no fetch (in-flight ones finish) but keeps its frontier and
    /// goes on accepting URLs.</summary>
    [Alias("SetPaused")]
    Task SetPausedAsync(bool paused);

    /// <summary>Stops fetching: drops what is queued and lets in-flight work finish.</summary>
    [Alias("Stop")]
    Task StopAsync();

    /// <summary>The partition's hosts with their queues and politeness state (the web console's hosts view); empty when
    /// the partition has no crawl in memory.</summary>
    [Alias("GetHosts")]
    Task<ImmutableArray<HostView>> GetHostsAsync();
}

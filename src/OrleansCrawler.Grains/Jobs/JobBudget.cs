using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>The job's page budget, held by its job grain; calls are retried while a dead silo is declared dead.</summary>
public sealed class JobBudget(IGrainFactory grains, string jobId, TimeProvider time) : IPageBudget
{
    // One reference for the partition's life: GetGrain looks the grain type up on every call, and this runs per URL.
    private readonly ICrawlJobGrain _job = grains.GetGrain<ICrawlJobGrain>(jobId);

    public Task<int> AcquireAsync(int pages) => GrainRetry.CallAsync(() => _job.AcquireBudgetAsync(pages), time);
}

using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>The job's page budget, held by its job grain; calls are retried while a dead silo is declared dead.</summary>
public sealed class JobBudget(IGrainFactory grains, string jobId, TimeProvider time) : IPageBudget
{
    public Task<int> AcquireAsync(int pages)
    {
        var job = grains.GetGrain<ICrawlJobGrain>(jobId);
        return GrainRetry.CallAsync(() => job.AcquireBudgetAsync(pages), time);
    }
}

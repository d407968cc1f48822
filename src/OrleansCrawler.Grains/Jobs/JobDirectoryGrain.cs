using System.Collections.Immutable;
using Orleans.Concurrency;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>Lists jobs from the job store, newest first. Running jobs show the counters of their last save.</summary>
[StatelessWorker]
public sealed class JobDirectoryGrain(IJobStore store) : Grain, IJobDirectoryGrain
{
    public async Task<ImmutableArray<JobStatus>> ListAsync() =>
        [.. (await store.ListAsync()).Select(JobRecordMapper.StatusOf)];
}

using System.Collections.Immutable;

namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>Lists the jobs in the job store (any key; a stateless worker).</summary>
[Alias("OrleansCrawler.IJobDirectoryGrain")]
public interface IJobDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<ImmutableArray<JobStatus>> ListAsync();
}

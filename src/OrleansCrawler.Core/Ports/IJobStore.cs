using OrleansCrawler.Core.Jobs;

namespace OrleansCrawler.Core.Ports;

/// <summary>Where jobs live, so they can be listed and survive restarts.</summary>
public interface IJobStore
{
    Task SaveAsync(JobRecord job, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Every job, newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListAsync(CancellationToken cancellationToken = default);
}

using System.Collections.Concurrent;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>Silo-wide cache of <see cref="JobRuntime"/>s by job id. Partitions register their job when they
/// start; parsers, which run on the partition's silo, look it up.</summary>
public sealed class JobRuntimeRegistry
{
    private readonly ConcurrentDictionary<string, JobRuntime> _jobs = new(StringComparer.Ordinal);

    public JobRuntime GetOrAdd(string jobId, JobSpec spec) => _jobs.GetOrAdd(jobId, id => new JobRuntime(id, spec));

    public JobRuntime Get(string jobId) => _jobs.TryGetValue(jobId, out var job)
        ? job
        : throw new InvalidOperationException($"Job '{jobId}' is not known on this silo.");
}

using System.Collections.Concurrent;

namespace OrleansCrawler.Pipeline.Jobs;

/// <summary>Silo-wide cache of <see cref="JobRuntime"/>s by job id. Partitions register their job when they
/// start; page pipelines, which run on the partition's silo, look it up.</summary>
public sealed class JobRuntimeRegistry
{
    private readonly ConcurrentDictionary<string, JobRuntime> _jobs = new(StringComparer.Ordinal);

    public JobRuntime GetOrAdd(string jobId, JobSettings settings) => _jobs.GetOrAdd(jobId, static (id, s) => new JobRuntime(id, s), settings);

    public JobRuntime Get(string jobId) => _jobs.TryGetValue(jobId, out var job)
        ? job
        : throw new InvalidOperationException($"Job '{jobId}' is not known on this silo.");
}

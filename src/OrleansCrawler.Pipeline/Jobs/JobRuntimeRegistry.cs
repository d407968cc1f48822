using System.Collections.Concurrent;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Pipeline.Jobs;

/// <summary>Silo-wide cache of <see cref="JobRuntime"/>s by job id. Partitions register their job when they
/// start; page pipelines, which run on the partition's silo, look it up.</summary>
/// <param name="recorders">Opens a job's WARC archive when its settings ask for one.</param>
public sealed class JobRuntimeRegistry(IExchangeRecorderFactory? recorders = null)
{
    private readonly ConcurrentDictionary<string, JobRuntime> _jobs = new(StringComparer.Ordinal);

    public JobRuntime GetOrAdd(string jobId, JobSettings settings) => _jobs.TryGetValue(jobId, out var job) ? job : _jobs.GetOrAdd(jobId, Create(jobId, settings));

    private JobRuntime Create(string jobId, JobSettings settings) => new(jobId, settings)
    {
        Recorder = settings.WarcDirectory is { Length: > 0 } folder
            ? (recorders ?? throw new InvalidOperationException($"Job '{jobId}' asks for a WARC archive, but this silo has no WARC writer."))
                .Open(jobId, folder, settings.WarcRotateBytes)
            : null,
    };

    public JobRuntime Get(string jobId) => _jobs.TryGetValue(jobId, out var job)
        ? job
        : throw new InvalidOperationException($"Job '{jobId}' is not known on this silo.");
}

using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Jobs;

namespace OrleansCrawler.Grains.Jobs;

/// <summary>Maps jobs to and from their stored form (spec and counters as JSON).</summary>
public static class JobRecordMapper
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static JobRecord ToRecord(JobSpec spec, JobStatus status, long budgetGranted) => new(
        status.JobId,
        JsonSerializer.Serialize(spec, Json),
        status.State.ToString(),
        status.StartedAt,
        status.FinishedAt,
        JsonSerializer.Serialize(new StoredCounters(status.Counters, status.Errors), Json),
        budgetGranted);

    public static JobSpec SpecOf(JobRecord record) =>
        JsonSerializer.Deserialize<JobSpec>(record.SpecJson, Json) ?? throw new InvalidDataException($"Job {record.JobId} has no spec.");

    public static JobStatus StatusOf(JobRecord record)
    {
        var stored = JsonSerializer.Deserialize<StoredCounters>(record.CountersJson, Json);
        return new JobStatus(
            record.JobId,
            Enum.Parse<JobState>(record.State),
            stored?.Counters ?? CrawlCounters.Zero,
            record.StartedAt,
            record.FinishedAt,
            stored?.Errors ?? ImmutableDictionary<string, long>.Empty);
    }

    private sealed record StoredCounters(CrawlCounters Counters, ImmutableDictionary<string, long> Errors);
}

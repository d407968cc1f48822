using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.WebConsole.Api;

/// <summary>A job as the API shows it: its status, the average pages/s since it started and who submitted it.</summary>
public sealed record JobView(
    string JobId,
    string State,
    CrawlCounters Counters,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    ImmutableDictionary<string, long> Errors,
    string? Problem,
    double PagesPerSecond,
    string? SubmittedBy,
    int? Partitions)
{
    public static JobView Of(JobStatus s, JobSpec? spec, DateTimeOffset now)
    {
        var elapsed = ((s.FinishedAt ?? now) - s.StartedAt).TotalSeconds;
        var rate = (s.Counters.Fetched + s.Counters.Failed) / Math.Max(elapsed, 0.001);
        return new(s.JobId, s.State.ToString().ToLowerInvariant(), s.Counters, s.StartedAt, s.FinishedAt, s.Errors, s.Problem,
            Math.Round(rate, 2), spec?.SubmittedBy, spec?.PartitionCount);
    }
}

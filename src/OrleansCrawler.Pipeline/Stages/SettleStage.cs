using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Pipeline.Partitions;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>The settle: a settled URL's row made durable in the frontier store (unless the hand-off wrote it already),
/// then the partition's counters, its errors by kind, and the metrics (pages fetched, bytes, errors, robots.txt
/// denials), each URL counted once. A URL put back for a retry is not settled.</summary>
public sealed class SettleStage(FrontierJournal journal, PartitionFrontier frontier, ErrorTally errors, string jobId, int partition,
    KeyValuePair<string, object?> jobTag)
{
    public async Task SettleAsync(FrontierEntry entry, Settlement settlement)
    {
        if (settlement.Outcome is not { } outcome)
        {
            return;
        }

        // Durable before the worker takes its next URL: after a crash, only what was in flight is crawled again.
        if (!settlement.Durable)
        {
            await journal.SettleAsync(RowOf(jobId, partition, entry, settlement));
        }

        frontier.Settle(outcome, settlement.Bytes);
        errors.Count(settlement.ErrorKind);
        if (outcome == CrawlOutcome.Fetched)
        {
            PagesFetched.Add(1, jobTag);
        }
        else if (outcome == CrawlOutcome.RobotsDenied)
        {
            RobotsDenied.Add(1, jobTag);
        }

        if (settlement.Bytes > 0)
        {
            Bytes.Add(settlement.Bytes, jobTag);
        }
    }

    /// <summary>The frontier store's row of a settled URL.</summary>
    public static FrontierSettle RowOf(string jobId, int partition, FrontierEntry entry, Settlement settlement) =>
        FrontierSettle.Of(jobId, partition, entry.Url, settlement.Outcome!.Value, settlement.Bytes, settlement.ErrorKind);
}

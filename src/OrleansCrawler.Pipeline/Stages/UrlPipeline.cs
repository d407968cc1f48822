using System.Diagnostics;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Ports;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>One attempt at one URL of a partition: the stages before the fetch in order (any may stop the URL), the
/// fetch, the retry decision, then the hand-off of the page to the page pipeline (<see cref="IPageHandler"/>) and the
/// URL's settle row. Runs on the partition's scheduler; the hand-off and the settle row's commit run as one chain off it
/// (<c>ConfigureAwait(false)</c>, they touch no partition state), so the partition wakes once, with the URL durable.
/// <para>Returns how the attempt ended; <see cref="Settlement.Requeued"/> when the URL was put back for a retry.
/// Exceptions (the crawler's own machinery failing: a grain call, a store) go to the caller, which retries the URL.</para></summary>
public sealed class UrlPipeline(IReadOnlyList<IUrlStage> stages, FetchStage fetch, RetryStage retry, PartitionFrontier frontier,
    IPageHandler pages, FrontierJournal journal, string jobId, int partition, TimeProvider time)
{
    /// <summary>The stages before the fetch, in the order they run.</summary>
    public IReadOnlyList<IUrlStage> Stages => stages;

    public async Task<Settlement> RunAsync(UrlContext url)
    {
        try
        {
            foreach (var stage in stages)
            {
                if (await stage.RunAsync(url) is { } stop)
                {
                    Activity.Current?.SetTag(Attributes.Stage, stage.Name).SetTag(Attributes.Error, stop.Reason);
                    return stop.Stored ? await StoreStopAsync(url.Entry, stop) : new Settlement(stop.Outcome, 0, null);
                }
            }

            var result = await fetch.RunAsync(url);
            Activity.Current?.SetTag(Attributes.StatusCode, result.Status).SetTag(Attributes.Bytes, result.Bytes);
            var decision = retry.Decide(url, result);
            // After the retry decision, so a Retry-After or backoff it set goes with the turn to every job's requests.
            url.ReleaseTurn(time.GetUtcNow());
            if (decision.Action == RetryAction.Retry)
            {
                frontier.Requeue(url.Entry, decision.Due);
                return Settlement.Requeued;
            }

            var entry = url.Entry;
            var error = decision.Action == RetryAction.GiveUp ? decision.Reason : result.Error;
            var page = new FetchedPage(jobId, entry.Url, result.FinalUrl.AbsoluteUri, entry.Depth, result.Status, result.ContentType,
                result.Bytes, result.FetchedAt, error, error is null && result.IsHtml && result.Status == 200 ? result.Body : null,
                result.RobotsTag, result.RedirectTo);
            var settlement = new Settlement(error is null ? CrawlOutcome.Fetched : CrawlOutcome.Failed, result.Bytes, ErrorKind.Of(result.Status, error));
            return await HandOffAsync(entry, page, settlement);
        }
        finally
        {
            // A turn that was granted and not fetched (a stage after the turn stopped the URL, or one threw).
            url.ReleaseSlot();
            url.ReleaseTurn(time.GetUtcNow());
            // The page slot: held until here, the page processed and its settle row durable (or the URL put back).
            url.ReleasePageSlot();
        }
    }

    /// <summary>A URL not fetched for a reason that is kept: stored as its result with the reason as the error.</summary>
    private Task<Settlement> StoreStopAsync(FrontierEntry entry, StageStop stop)
    {
        var page = new FetchedPage(jobId, entry.Url, entry.Url, entry.Depth, 0, null, 0, time.GetUtcNow(), stop.Reason, null);
        return HandOffAsync(entry, page, new Settlement(stop.Outcome, 0, ErrorKind.Of(0, stop.Reason)));
    }

    private async Task<Settlement> HandOffAsync(FrontierEntry entry, FetchedPage page, Settlement settlement)
    {
        await ProcessThenSettleAsync(pages, page, journal, SettleStage.RowOf(jobId, partition, entry, settlement));
        return settlement with { Durable = true };
    }

    private static async Task ProcessThenSettleAsync(IPageHandler pages, FetchedPage page, FrontierJournal journal, FrontierSettle settle)
    {
        await pages.HandleAsync(page).ConfigureAwait(false);
        await journal.SettleAsync(settle).ConfigureAwait(false);
    }
}

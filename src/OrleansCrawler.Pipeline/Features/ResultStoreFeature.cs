using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>Stores each page's result row (<see cref="PageRecord"/>: status, title, outlink count, type, size, error,
/// canonical, noindex) in the page store, group-committed; completes when it is durable. Always on: the results are what
/// <c>ocrawl export</c> and <c>--out</c> read.</summary>
public sealed class ResultStoreFeature(IPageStore store) : IPageFeature
{
    public string Name => Spans.Store;

    public bool IsEnabled(JobRuntime job) => true;

    public Task RunAsync(PageContext page) => page.Get<DuplicateCheck>() is { } duplicate
        ? SaveAfterAsync(page, duplicate)
        : store.SaveAsync(RecordOf(page));

    /// <summary>With <c>--dedup</c> the row waits for the page's duplicate verdict and records it.</summary>
    private async Task SaveAfterAsync(PageContext page, DuplicateCheck duplicate)
    {
        var verdict = await duplicate.Verdict.ConfigureAwait(false);
        await store.SaveAsync(RecordOf(page) with { DuplicateOf = verdict.DuplicateOf, DuplicateDistance = verdict.Distance }).ConfigureAwait(false);
    }

    public static PageRecord RecordOf(PageContext context)
    {
        var (page, parsed) = (context.Page, context.Parsed);
        return new PageRecord(page.JobId, page.Url, page.FinalUrl, page.Status, page.Depth, parsed?.Title, context.Links.Count,
            page.ContentType, page.Bytes, page.FetchedAt, page.Error, parsed?.Canonical, parsed?.NoIndex ?? false);
    }
}

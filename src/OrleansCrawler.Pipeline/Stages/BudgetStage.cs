using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>Takes one page of the job's <c>--max-pages</c> budget for a URL's first attempt (a retry was paid for by its
/// first attempt). Once the budget is refused, this partition asks no more. A URL over the budget, or of a stopped job,
/// is settled as <see cref="CrawlOutcome.Skipped"/>, not stored.</summary>
public sealed class BudgetStage(IPageBudget budget, int maxPages, PartitionControl control) : IUrlStage
{
    private bool _spent;

    public string Name => "budget";

    public ValueTask<StageStop?> RunAsync(UrlContext url)
    {
        if (control.Stopped)
        {
            return ValueTask.FromResult<StageStop?>(StageStop.Settle(CrawlOutcome.Skipped, StageStop.JobStopped));
        }

        if (!url.IsFirstAttempt || maxPages <= 0)
        {
            return ValueTask.FromResult<StageStop?>(null);
        }

        return _spent ? ValueTask.FromResult<StageStop?>(Spent) : TakeAsync();
    }

    private static StageStop Spent => StageStop.Settle(CrawlOutcome.Skipped, StageStop.BudgetSpent);

    private async ValueTask<StageStop?> TakeAsync()
    {
        var granted = await budget.AcquireAsync(1);
        _spent = granted == 0;
        return granted > 0 ? null : Spent;
    }
}

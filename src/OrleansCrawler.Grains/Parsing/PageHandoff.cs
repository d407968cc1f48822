using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>How a partition hands a fetched page on: the parser stores it and makes its links durable in their
/// partitions, then the URL's settle row is written. One chain that runs off the partition's scheduler (it touches no
/// grain state), so the parser's response and the settle's commit cost the partition one turn, not two. Not grain
/// code, which must come back to its scheduler after every await.</summary>
public static class PageHandoff
{
    public static async Task ProcessThenSettleAsync(IPageParserGrain parser, PageFetched page, FrontierJournal journal, FrontierSettle settle)
    {
        await parser.ProcessAsync(page).ConfigureAwait(false);
        await journal.SettleAsync(settle).ConfigureAwait(false);
    }
}

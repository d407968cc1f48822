using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>Spider traps and per-host limits (<see cref="TrapPolicy"/>: URL length, path segments, repeated segments,
/// query variants, the host page budget), on a URL's first attempt; a refusal is stored with its reason.</summary>
public sealed class TrapStage(TrapPolicy traps) : IUrlStage
{
    public string Name => "traps";

    public ValueTask<StageStop?> RunAsync(UrlContext url) =>
        ValueTask.FromResult<StageStop?>(url.IsFirstAttempt && traps.Check(url.Entry.Url, url.Entry.Authority) is { } refusal
            ? StageStop.Store(CrawlOutcome.Refused, refusal)
            : null);
}

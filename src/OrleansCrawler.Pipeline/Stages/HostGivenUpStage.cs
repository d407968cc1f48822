using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>A host that was given up (it kept failing, or asked for a Retry-After beyond the maximum) gets no more
/// requests: its URLs are stored as failed with the reason it was given up for.</summary>
public sealed class HostGivenUpStage : IUrlStage
{
    public string Name => "host";

    public ValueTask<StageStop?> RunAsync(UrlContext url) =>
        ValueTask.FromResult<StageStop?>(url.Host.IsGivenUp ? StageStop.Store(CrawlOutcome.Failed, url.Host.GivenUpReason!) : null);
}

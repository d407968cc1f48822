using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>On a URL's first attempt, resolves its host and refuses it when no address may be fetched
/// (<see cref="AddressPolicy"/>: private, loopback and link-local addresses only for the seeds' hosts or with
/// <c>--allow-private</c>; a name that does not resolve), before robots.txt, so a refused host gets no request at all.
/// The fetcher checks again on the address it connects to.</summary>
public sealed class AddressStage(AddressPolicy addresses, IHostResolver resolver) : IUrlStage
{
    public string Name => "address";

    public ValueTask<StageStop?> RunAsync(UrlContext url) =>
        !url.IsFirstAttempt || addresses.AllowPrivate ? ValueTask.FromResult<StageStop?>(null) : CheckAsync(url);

    private async ValueTask<StageStop?> CheckAsync(UrlContext url) =>
        addresses.Check(url.Entry.Authority, await resolver.ResolveAsync(url.Url.IdnHost)) is { } refusal
            ? StageStop.Store(CrawlOutcome.Refused, refusal)
            : null;
}

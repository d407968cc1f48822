using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Core.Ports;

/// <summary>A fetcher that sends every request (pages and robots.txt alike) with one job's <see cref="FetchProfile"/>.</summary>
public sealed class ProfiledPageFetcher(IPageFetcher inner, FetchProfile profile) : IPageFetcher
{
    public FetchProfile Profile => profile;

    public Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default) =>
        inner.FetchAsync(url, null, null, profile, cancellationToken);

    public Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, CancellationToken cancellationToken = default) =>
        inner.FetchAsync(url, addresses, null, profile, cancellationToken);

    public Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, RequestSent sent, CancellationToken cancellationToken = default) =>
        inner.FetchAsync(url, addresses, sent, profile, cancellationToken);

    public Task<FetchResult> FetchAsync(Uri url, AddressPolicy? addresses, RequestSent? sent, FetchProfile? profile, CancellationToken cancellationToken = default) =>
        inner.FetchAsync(url, addresses, sent, profile, cancellationToken);
}

using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Core.Ports;

/// <summary>Fetches one URL. Never throws for network or HTTP trouble: that is reported in the result.</summary>
public interface IPageFetcher
{
    /// <summary>Fetches without an address check (for trusted URLs such as a checked host's robots.txt).</summary>
    Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default);

    /// <summary>Fetches, connecting only to addresses <paramref name="addresses"/> allows (checked on the address
    /// actually connected to, so a DNS answer that changes cannot slip a private address in).</summary>
    Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, CancellationToken cancellationToken = default) =>
        FetchAsync(url, cancellationToken);

    /// <summary>As <see cref="FetchAsync(Uri, AddressPolicy, CancellationToken)"/>, marking <paramref name="sent"/>
    /// when the request is written to the connection, and at the latest when the returned task completes, whatever the
    /// outcome: a host's next request waits for that mark.</summary>
    async Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, RequestSent sent, CancellationToken cancellationToken = default)
    {
        try
        {
            return await FetchAsync(url, addresses, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sent.MarkNow();
        }
    }

    /// <summary>Fetches with a job's <see cref="FetchProfile"/> (its User-Agent, timeout and body limit); without an
    /// address check when <paramref name="addresses"/> is null. A fetcher that has no per-request settings ignores
    /// the profile.</summary>
    Task<FetchResult> FetchAsync(Uri url, AddressPolicy? addresses, RequestSent? sent, FetchProfile? profile, CancellationToken cancellationToken = default) =>
        (addresses, sent) switch
        {
            (null, _) => FetchAsync(url, cancellationToken),
            ({ } a, null) => FetchAsync(url, a, cancellationToken),
            ({ } a, { } s) => FetchAsync(url, a, s, cancellationToken),
        };

    /// <summary>This fetcher, handing every exchange it completes (pages, robots.txt, each redirect hop) to
    /// <paramref name="recorder"/> before it returns. A fetcher that cannot see the bytes on the wire returns itself
    /// (nothing is recorded); <c>HttpPageFetcher</c> records.</summary>
    IPageFetcher RecordingTo(IExchangeRecorder recorder) => this;
}

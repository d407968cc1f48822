namespace OrleansCrawler.Core.Ports;

/// <summary>Fetches one URL. Never throws for network or HTTP trouble: that is reported in the result.</summary>
public interface IPageFetcher
{
    Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default);
}

using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>Answers fetches from a function (robots.txt included), records the URLs asked for and marks a request sent
/// when its fetch starts.</summary>
internal sealed class FakeFetcher(Func<Uri, FetchResult> answer) : IPageFetcher
{
    private readonly List<Uri> _requests = [];

    public IReadOnlyList<Uri> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>While set, fetches of pages (not robots.txt) wait for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default) => FetchAsync(url, AddressPolicy.AllowAll, cancellationToken);

    public async Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add(url);
        }

        if (Gate is { } gate && url.AbsolutePath != "/robots.txt")
        {
            await gate.Task;
        }

        return answer(url);
    }

    public static FetchResult Html(Uri url, string body) =>
        new(200, url, "text/html; charset=utf-8", body.Length, body, null, DateTimeOffset.UnixEpoch);

    public static FetchResult Status(Uri url, int status, string? body = null, string? error = null, string? retryAfter = null) =>
        new(status, url, body is null ? null : "text/plain", body?.Length ?? 0, body, error, DateTimeOffset.UnixEpoch, RetryAfter: retryAfter);

    /// <summary>robots.txt missing (404: allow all), pages from <paramref name="pages"/>, else 404.</summary>
    public static FakeFetcher Of(IReadOnlyDictionary<string, string> pages) => new(url =>
        pages.TryGetValue(url.AbsoluteUri, out var html) ? Html(url, html) : Status(url, 404));
}

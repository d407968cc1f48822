using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Core.Tests.Robots;

/// <summary>Answers fetches from a function and records the URLs asked for.</summary>
internal sealed class FakeFetcher(Func<Uri, FetchResult> answer) : IPageFetcher
{
    private readonly List<Uri> _requests = [];

    public IReadOnlyList<Uri> Requests => _requests;

    public TaskCompletionSource? Gate { get; set; }

    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add(url);
        }

        if (Gate is { } gate)
        {
            await gate.Task;
        }

        return answer(url);
    }

    public static FetchResult Status(Uri url, int status, string? body = null, string? error = null) =>
        new(status, url, body is null ? null : "text/plain", body?.Length ?? 0, body, error, DateTimeOffset.UnixEpoch);
}

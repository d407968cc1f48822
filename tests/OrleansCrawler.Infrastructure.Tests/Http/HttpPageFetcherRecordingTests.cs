using System.Collections.Concurrent;
using System.Text;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Infrastructure.Tests.Http;

/// <summary>What a recording fetcher hands to its recorder, against the real test web.</summary>
public sealed class HttpPageFetcherRecordingTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(HttpExchange Exchange, byte[] Payload)> _recorded = new();
    private TestWeb _web = null!;
    private HttpPageFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _web = await TestWeb.StartAsync(new TestWebOptions { Pages = 100, Hosts = 2, Seed = 9 });
        _fetcher = new HttpPageFetcher(new FetcherOptions(), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _web.DisposeAsync();
    }

    private sealed class ListRecorder(ConcurrentQueue<(HttpExchange, byte[])> list) : IExchangeRecorder
    {
        // The payload is copied: the fetcher's buffer is only valid until this call completes.
        public Task RecordAsync(HttpExchange exchange, CancellationToken cancellationToken = default)
        {
            list.Enqueue((exchange, exchange.Payload.ToArray()));
            return Task.CompletedTask;
        }
    }

    private sealed class FailingRecorder : IExchangeRecorder
    {
        public Task RecordAsync(HttpExchange exchange, CancellationToken cancellationToken = default) => Task.FromException(new IOException("disk full"));
    }

    [Fact]
    public async Task Fetch_Page_RecordsRequestResponseAddressAndTheBodyAsServed()
    {
        var fetcher = _fetcher.RecordingTo(new ListRecorder(_recorded));
        var url = new Uri(_web.Seeds[0]);

        var result = await fetcher.FetchAsync(url);

        Assert.Equal(200, result.Status);
        var (exchange, payload) = Assert.Single(_recorded);
        Assert.Equal(url, exchange.TargetUri);
        Assert.Equal("127.0.0.1", exchange.IpAddress);
        var request = Encoding.Latin1.GetString(exchange.RequestHead.Span);
        Assert.StartsWith($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n", request);
        Assert.Contains("User-Agent: ", request);
        Assert.EndsWith("\r\n\r\n", request);
        Assert.StartsWith("HTTP/1.1 200 ", Encoding.Latin1.GetString(exchange.ResponseHead.Span));
        using var client = new HttpClient();
        Assert.Equal(await client.GetByteArrayAsync(url), payload);
        Assert.Null(exchange.Truncated);
    }

    [Fact]
    public async Task Fetch_RedirectChain_RecordsEveryHopThenThePage()
    {
        _web.SetFault(1, new HostFault(FaultMode.RedirectChain));
        var fetcher = _fetcher.RecordingTo(new ListRecorder(_recorded));

        var result = await fetcher.FetchAsync(new Uri(_web.AffectedPageUrls(1)[0]));

        Assert.Equal(200, result.Status);
        var hops = _recorded.ToList();
        Assert.True(hops.Count >= 2, $"{hops.Count} exchanges");
        Assert.All(hops.SkipLast(1), h => Assert.Matches("^HTTP/1.1 30[1278] ", Encoding.Latin1.GetString(h.Exchange.ResponseHead.Span)));
        Assert.Equal(result.FinalUrl, hops[^1].Exchange.TargetUri);
        Assert.NotEmpty(hops[^1].Payload);
    }

    [Fact]
    public async Task Fetch_RecorderFails_ThrowsInsteadOfReportingAPageFailure()
    {
        var fetcher = _fetcher.RecordingTo(new FailingRecorder());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fetcher.FetchAsync(new Uri(_web.Seeds[0])));

        Assert.Contains("disk full", error.Message);
    }
}

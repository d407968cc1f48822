using OrleansCrawler.Core.Safety;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Infrastructure.Tests.Http;

/// <summary>The fetcher against the real test web over HTTP, one fault mode at a time (host 0 healthy, host 1 faulty).</summary>
public sealed class HttpPageFetcherTests : IAsyncLifetime
{
    private static readonly FetcherOptions Options = new()
    {
        MaxBodyBytes = 1 << 20,
        HeaderTimeout = TimeSpan.FromSeconds(2),
        Timeout = TimeSpan.FromSeconds(10),
        SlowBodyMinBytesPerSecond = 1024,
        SlowBodyWindow = TimeSpan.FromMilliseconds(400),
    };

    private TestWeb _web = null!;
    private HttpPageFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _web = await TestWeb.StartAsync(new TestWebOptions { Pages = 200, Hosts = 3, Seed = 4 });
        _fetcher = new HttpPageFetcher(Options, TimeProvider.System);
        // Warm both ends up (JIT, first render), so the first test is not judged on a cold start.
        foreach (var seed in _web.Seeds)
        {
            await _fetcher.FetchAsync(new Uri(seed));
        }
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _web.DisposeAsync();
    }

    private async Task<Core.Ports.FetchResult> FetchAffectedAsync(FaultMode mode, HostFault? fault = null)
    {
        _web.SetFault(1, fault ?? new HostFault(mode));
        return await _fetcher.FetchAsync(new Uri(_web.AffectedPageUrls(1)[0]));
    }

    [Fact]
    public async Task Fetch_HealthyPage_DecodesHtml()
    {
        var result = await _fetcher.FetchAsync(new Uri(_web.Seeds[0]));
        Assert.Equal(200, result.Status);
        Assert.Null(result.Error);
        Assert.True(result.IsHtml);
        Assert.Contains("<a ", result.Body);
    }

    [Fact]
    public async Task Fetch_GzipBomb_IsCutOffAtTheLimitWithoutInflatingIt()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await FetchAffectedAsync(FaultMode.GzipBomb);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.StartsWith("too-large", result.Error);
        Assert.True(result.Bytes <= Options.MaxBodyBytes);
        Assert.Null(result.Body);
        // The bomb inflates to 64 MiB; reading it whole would allocate at least that.
        Assert.True(allocated < 40L << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task Fetch_HugePage_IsTooLarge()
    {
        var result = await FetchAffectedAsync(FaultMode.HugePage);
        Assert.StartsWith("too-large", result.Error);
        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Fetch_HugePageWithAJobsProfile_IsTooLargeAtTheJobsLimit()
    {
        _web.SetFault(1, new HostFault(FaultMode.HugePage));
        var profile = new Core.Ports.FetchProfile("JobBot/1.0", TimeSpan.FromSeconds(10), MaxBodyBytes: 4096);

        var result = await ((Core.Ports.IPageFetcher)_fetcher).FetchAsync(new Uri(_web.AffectedPageUrls(1)[0]), null, null, profile);

        Assert.StartsWith("too-large", result.Error);
        Assert.Contains("4096 bytes", result.Error);
        Assert.Equal(4096, result.Bytes);
    }

    [Fact]
    public async Task Fetch_HugePageWithAJobsProfileAboveTheSilosLimit_IsTooLargeAtTheSilosLimit()
    {
        _web.SetFault(1, new HostFault(FaultMode.HugePage));
        var profile = new Core.Ports.FetchProfile("JobBot/1.0", TimeSpan.FromSeconds(10), MaxBodyBytes: int.MaxValue);

        var result = await ((Core.Ports.IPageFetcher)_fetcher).FetchAsync(new Uri(_web.AffectedPageUrls(1)[0]), null, null, profile);

        Assert.StartsWith("too-large", result.Error);
        Assert.Contains($"{Options.MaxBodyBytes} bytes", result.Error);
        Assert.Equal(Options.MaxBodyBytes, result.Bytes);
    }

    [Fact]
    public async Task Fetch_WithAJobsProfile_SendsItsUserAgentInsteadOfTheSilos()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/page");
        var requests = new List<string>();
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var head = "";
                while (!head.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    head += System.Text.Encoding.ASCII.GetString(buffer, 0, n);
                }

                lock (requests)
                {
                    requests.Add(head);
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
            }
        });
        var profile = new Core.Ports.FetchProfile("JobBot/2.0 (+mailto:ops@example.org)", TimeSpan.FromSeconds(10), 1 << 20);

        var withProfile = await ((Core.Ports.IPageFetcher)_fetcher).FetchAsync(url, null, null, profile);
        var withoutProfile = await _fetcher.FetchAsync(url);
        await server.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, withProfile.Status);
        Assert.Equal(200, withoutProfile.Status);
        Assert.Contains("User-Agent: JobBot/2.0 (+mailto:ops@example.org)\r\n", requests[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Options.UserAgent, requests[0], StringComparison.Ordinal);
        Assert.Contains($"User-Agent: {Options.UserAgent}\r\n", requests[1], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fetch_SlowDrip_IsAbandonedAsSlowBody()
    {
        var result = await FetchAffectedAsync(FaultMode.SlowDrip);
        Assert.StartsWith("slow-body", result.Error);
    }

    [Fact]
    public async Task Fetch_SlowHeaders_TimeOut()
    {
        var result = await FetchAffectedAsync(FaultMode.SlowResponse);
        Assert.Equal(0, result.Status);
        Assert.StartsWith("timeout: no response headers", result.Error);
    }

    [Fact]
    public async Task Fetch_TruncatedBody_IsReportedAsTruncated()
    {
        // The web resets the connection 100 ms after the short body; the shared fetcher's 0.4 s slow-body window could
        // end it first on a loaded machine (it did once in CI), so this fetcher waits longer for data.
        using var fetcher = new HttpPageFetcher(new FetcherOptions
        {
            MaxBodyBytes = Options.MaxBodyBytes,
            HeaderTimeout = Options.HeaderTimeout,
            Timeout = Options.Timeout,
            SlowBodyMinBytesPerSecond = Options.SlowBodyMinBytesPerSecond,
            SlowBodyWindow = TimeSpan.FromSeconds(5),
        }, TimeProvider.System);
        _web.SetFault(1, new HostFault(FaultMode.Truncated));
        var result = await fetcher.FetchAsync(new Uri(_web.AffectedPageUrls(1)[0]));
        Assert.StartsWith("truncated", result.Error);
        Assert.True(Core.Politeness.RetryPolicy.IsTransient(result.Status, result.Error));
    }

    [Fact]
    public async Task Fetch_RedirectChain_IsFollowedOnTheSameHost()
    {
        var result = await FetchAffectedAsync(FaultMode.RedirectChain);
        Assert.Equal(200, result.Status);
        Assert.Null(result.Error);
        Assert.EndsWith("?hop=3", result.FinalUrl.AbsoluteUri);
        Assert.True(result.IsHtml);
    }

    [Fact]
    public async Task Fetch_RedirectChainLongerThanTheLimit_IsTooManyRedirects()
    {
        _web.SetFault(1, new HostFault(FaultMode.RedirectChain));
        using var fetcher = new HttpPageFetcher(new FetcherOptions { MaxRedirects = 2 }, TimeProvider.System);
        var result = await fetcher.FetchAsync(new Uri(_web.AffectedPageUrls(1)[0]));
        Assert.StartsWith("too-many-redirects", result.Error);
    }

    [Fact]
    public async Task Fetch_RedirectLoop_IsDetected()
    {
        var result = await FetchAffectedAsync(FaultMode.RedirectLoop);
        Assert.StartsWith("redirect-loop", result.Error);
    }

    [Fact]
    public async Task Fetch_CrossHostRedirect_IsReportedNotFollowed()
    {
        var url = new Uri(_web.AffectedPageUrls(1)[0]);
        var before = _web.RequestLog.Count;
        var result = await FetchAffectedAsync(FaultMode.CrossHostRedirect);
        Assert.Equal(301, result.Status);
        Assert.Null(result.Error);
        Assert.Equal($"http://{_web.Authorities[2]}{url.AbsolutePath}", result.RedirectTo);
        Assert.DoesNotContain(_web.RequestLog.Snapshot().Skip(before), e => e.Authority == _web.Authorities[2]);
    }

    [Fact]
    public async Task Fetch_MetaCharsetWithoutHeaderCharset_DecodesWindows1252()
    {
        var result = await FetchAffectedAsync(FaultMode.MissingCharset);
        Assert.Null(result.Error);
        Assert.Contains("Caf\u00e9", result.Body);
    }

    [Fact]
    public async Task Fetch_UnknownHeaderCharset_FallsBackAndKeepsLinks()
    {
        var result = await FetchAffectedAsync(FaultMode.WrongCharset);
        Assert.Null(result.Error);
        Assert.Contains("<a href=", result.Body);
    }

    [Fact]
    public async Task Fetch_BinaryServedAsHtml_IsRecordedNotDecoded()
    {
        var result = await FetchAffectedAsync(FaultMode.BinaryAsHtml);
        Assert.Equal(200, result.Status);
        Assert.StartsWith("binary", result.Error);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Fetch_429WithRetryAfter_ReportsTheHeader()
    {
        _web.SetFault(1, new HostFault(FaultMode.RetryAfterSeconds) { Count = 1, RetryAfterSeconds = 7 });
        var result = await _fetcher.FetchAsync(new Uri(_web.Seeds[1]));
        Assert.Equal(429, result.Status);
        Assert.Equal("7", result.RetryAfter);
    }

    [Fact]
    public async Task Fetch_503WithRetryAfterDate_ReportsTheHeader()
    {
        _web.SetFault(1, new HostFault(FaultMode.RetryAfterDate) { Count = 1 });
        var result = await _fetcher.FetchAsync(new Uri(_web.Seeds[1]));
        Assert.Equal(503, result.Status);
        Assert.True(Core.Politeness.RetryAfter.TryParse(result.RetryAfter, DateTimeOffset.UtcNow, out var wait));
        Assert.True(wait > TimeSpan.Zero);
    }

    [Fact]
    public async Task Fetch_RobotsRedirect_FollowsToTheRules()
    {
        _web.SetFault(1, new HostFault(FaultMode.RobotsRedirect));
        var result = await _fetcher.FetchAsync(new Uri(_web.Seeds[1] + "robots.txt"));
        Assert.Equal(200, result.Status);
        Assert.Contains("Disallow: /private/", result.Body);
    }

    [Fact]
    public async Task Fetch_LoopbackNotTrusted_IsRefusedBeforeConnecting()
    {
        var policy = new AddressPolicy(allowPrivate: false, trustedAuthorities: [_web.Authorities[0]]);
        var before = _web.RequestLog.Count;

        var refused = await _fetcher.FetchAsync(new Uri(_web.Seeds[2]), policy);
        var trusted = await _fetcher.FetchAsync(new Uri(_web.Seeds[0] + "s1/p1.html"), policy);

        Assert.StartsWith("private-address", refused.Error);
        Assert.Equal(0, refused.Status);
        Assert.Null(trusted.Error);
        Assert.All(_web.RequestLog.Snapshot().Skip(before), e => Assert.Equal(_web.Authorities[0], e.Authority));
    }

    [Fact]
    public async Task Fetch_AllowPrivate_ConnectsToLoopback()
    {
        var result = await _fetcher.FetchAsync(new Uri(_web.Seeds[2]), new AddressPolicy(true, []));
        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task Fetch_NothingListening_IsAConnectError()
    {
        var port = FreePort();
        var result = await _fetcher.FetchAsync(new Uri($"http://127.0.0.1:{port}/"));
        Assert.Equal(0, result.Status);
        Assert.StartsWith("connect", result.Error);
    }

    /// <summary>A server that answers only when told: the fetch must mark its request sent once the server has read
    /// it and before any answer, on a new connection and on a pooled one alike.</summary>
    [Fact]
    public async Task Fetch_WithRequestSent_MarksItWhenTheRequestIsWrittenBeforeTheResponse()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/held");
        // Header timeout past the wait below: only the write, never the end of the fetch, can mark the request in time.
        using var fetcher = new HttpPageFetcher(new FetcherOptions { HeaderTimeout = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(60) }, TimeProvider.System);
        using var connection = new LineServer();
        for (var round = 0; round < 2; round++)
        {
            var sent = new Core.Ports.RequestSent(TimeProvider.System);
            var fetch = fetcher.FetchAsync(url, AddressPolicy.AllowAll, sent);
            if (round == 0)
            {
                connection.Accept(await listener.AcceptTcpClientAsync());
            }

            await connection.ReadRequestAsync();
            var marked = await Task.WhenAny(sent.At, Task.Delay(TimeSpan.FromSeconds(10))) == sent.At;
            Assert.True(marked, $"round {round}: the server holds the request, but it is not marked sent");
            Assert.False(fetch.IsCompleted);

            await connection.AnswerAsync("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<p>ok</p>");
            var result = await fetch;
            Assert.Equal(200, result.Status);
            Assert.True(await sent.At >= result.FetchedAt, "marked before the fetch began");
        }

        Assert.Equal(1, connection.Accepted);
    }

    [Fact]
    public async Task Fetch_WithRequestSent_RefusedConnection_StillMarksIt()
    {
        var sent = new Core.Ports.RequestSent(TimeProvider.System);
        var result = await _fetcher.FetchAsync(new Uri($"http://127.0.0.1:{FreePort()}/"), AddressPolicy.AllowAll, sent);
        Assert.StartsWith("connect", result.Error);
        Assert.True(sent.IsSent);
    }

    /// <summary>One accepted connection, read a request (up to its blank line) and answered at a time.</summary>
    private sealed class LineServer : IDisposable
    {
        private System.Net.Sockets.TcpClient? _client;
        private StreamReader? _reader;

        public int Accepted { get; private set; }

        public void Accept(System.Net.Sockets.TcpClient client)
        {
            _client = client;
            _reader = new StreamReader(client.GetStream(), System.Text.Encoding.ASCII);
            Accepted++;
        }

        public async Task ReadRequestAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await _reader!.ReadLineAsync(timeout.Token) is { Length: > 0 })
            {
            }
        }

        public async Task AnswerAsync(string response)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(response);
            await _client!.GetStream().WriteAsync(bytes);
        }

        public void Dispose() => _client?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

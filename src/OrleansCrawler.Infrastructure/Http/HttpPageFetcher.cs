using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Fetches pages with one shared, pooled <see cref="HttpClient"/>. Network and HTTP trouble is
/// reported in the <see cref="FetchResult"/>, never thrown; no server can make it allocate more than the body
/// limit or wait longer than the timeouts.
/// <list type="bullet">
/// <item>Redirects are followed here, not by the handler: same authority only, up to <see cref="FetcherOptions.MaxRedirects"/>,
/// a URL seen twice is a loop; a redirect to another authority is returned (3xx + <see cref="FetchResult.RedirectTo"/>)
/// so the crawler routes it to the partition that owns that host.</item>
/// <item>gzip, deflate and brotli are decoded here, so the size limit bounds the decompressed body (a gzip bomb
/// stops at the limit) and the compressed bytes alike.</item>
/// <item>Connect, header and total timeouts; a body slower than the floor over a window is "slow-body".</item>
/// <item>Charset from Content-Type, else a BOM, else &lt;meta charset&gt; / &lt;meta http-equiv&gt; in the first
/// 1024 bytes, else UTF-8. A text body with NUL bytes is binary: recorded, not decoded.</item>
/// <item>Connections go only to addresses the request's <see cref="AddressPolicy"/> allows, checked on the address
/// actually connected to (names resolved through <see cref="IHostResolver"/>), so DNS rebinding cannot bypass it.</item>
/// <item>With a recorder (<see cref="RecordingTo"/>), every exchange that completes (each redirect hop, robots.txt, the
/// page) is handed over with its heads and its body as received, content coding as sent, before the fetch returns.</item>
/// </list></summary>
public sealed class HttpPageFetcher : IPageFetcher, IDisposable
{
    private readonly HttpClient _client;
    private readonly FetcherOptions _options;
    private readonly TimeProvider _time;
    private readonly IHostResolver? _resolver;
    private readonly IExchangeRecorder? _recorder;
    private readonly bool _ownsClient = true;

    // Process-wide from the first fetcher on: legacy charsets are then readable by name anywhere (a sitemap's XML
    // declaration read by SitemapParser, say), not only in BodyDecoder, which registers them for itself.
    static HttpPageFetcher() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public HttpPageFetcher(FetcherOptions options, TimeProvider time)
        : this(options, time, new CachingHostResolver(options.DnsCacheTtl, time))
    {
    }

    public HttpPageFetcher(FetcherOptions options, TimeProvider time, IHostResolver resolver)
        : this(CreateHandler(options, resolver), options, time)
    {
        _resolver = resolver;
    }

    public HttpPageFetcher(HttpMessageHandler handler, FetcherOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        _client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, deflate, br");
    }

    private HttpPageFetcher(HttpPageFetcher shared, IExchangeRecorder recorder)
    {
        (_client, _options, _time, _resolver, _recorder, _ownsClient) = (shared._client, shared._options, shared._time, shared._resolver, recorder, false);
    }

    /// <summary>This fetcher's client and limits, recording every exchange to <paramref name="recorder"/>.</summary>
    public IPageFetcher RecordingTo(IExchangeRecorder recorder) => new HttpPageFetcher(this, recorder);

    public static SocketsHttpHandler CreateHandler(FetcherOptions options, IHostResolver resolver) => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = options.ConnectTimeout,
        ConnectCallback = (context, token) => AddressPolicyConnector.ConnectAsync(resolver, context, token),
        // Marks the moment a request's bytes are first written (see FetchAsync with a RequestSent).
        PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new SendMarkingStream(context.PlaintextStream)),
        MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        MaxResponseHeadersLength = 64, // KiB
        // A body given up on (too large, too slow, a redirect's) closes its connection at once instead of being
        // drained for reuse: draining would keep a hostile server's request alive behind the crawler's back.
        MaxResponseDrainSize = 0,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        UseCookies = false,
    };

    public Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default) => FetchCoreAsync(url, null, null, cancellationToken);

    public Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, CancellationToken cancellationToken = default) =>
        FetchCoreAsync(url, addresses, null, cancellationToken);

    /// <summary>With a job's <see cref="FetchProfile"/>: its User-Agent header, timeout and body limit replace the
    /// silo's defaults (<see cref="FetcherOptions"/>) for this request.</summary>
    public async Task<FetchResult> FetchAsync(Uri url, AddressPolicy? addresses, RequestSent? sent, FetchProfile? profile, CancellationToken cancellationToken = default)
    {
        SendMarkingStream.Pending.Value = sent;
        try
        {
            return await FetchCoreAsync(url, addresses, profile, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            SendMarkingStream.Pending.Value = null;
            sent?.MarkNow();
        }
    }

    /// <summary>Marks <paramref name="sent"/> when the request is first written to its connection: the handler's
    /// connection streams (<see cref="SendMarkingStream"/>) find it in an async-local, which flows into the write
    /// because HTTP/1.1 writes a request on the caller's flow. HTTP/2 writes on its own loop, and a handler given
    /// to the constructor may not wrap its streams: there the mark falls back to the end of the fetch.</summary>
    public async Task<FetchResult> FetchAsync(Uri url, AddressPolicy addresses, RequestSent sent, CancellationToken cancellationToken = default)
    {
        SendMarkingStream.Pending.Value = sent;
        try
        {
            return await FetchCoreAsync(url, addresses, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            SendMarkingStream.Pending.Value = null;
            sent.MarkNow();
        }
    }

    private async Task<FetchResult> FetchCoreAsync(Uri url, AddressPolicy? addresses, FetchProfile? profile, CancellationToken cancellationToken)
    {
        var fetchedAt = _time.GetUtcNow();
        var timeout = profile?.Timeout ?? _options.Timeout;
        using var total = new CancellationTokenSource(timeout, _time);
        var current = url;
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var stage = "response headers";
        try
        {
            for (var hop = 0; ; hop++)
            {
                stage = "response headers";
                // Checked per request as well as per connection: a pooled connection skips the connect callback.
                if (addresses is { AllowPrivate: false } && _resolver is not null
                    && addresses.Check(current.Authority, await _resolver.ResolveAsync(current.IdnHost, cancellationToken).ConfigureAwait(false)) is { } refusal)
                {
                    return Failure(current, fetchedAt, refusal);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                if (addresses is not null)
                {
                    request.Options.Set(AddressPolicyConnector.PolicyKey, addresses);
                }

                if (profile is not null)
                {
                    // A header on the request replaces the client's default one of the same name.
                    request.Headers.TryAddWithoutValidation("User-Agent", profile.UserAgent);
                }

                var sentAt = _time.GetUtcNow();
                var peer = _recorder is null ? null : new StrongBox<string?>();
                SendMarkingStream.Peer.Value = peer;
                using var headerTimeout = new CancellationTokenSource(_options.HeaderTimeout, _time);
                using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token, headerTimeout.Token);
                HttpResponseMessage response;
                try
                {
                    response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, sending.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (headerTimeout.IsCancellationRequested && !total.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return Failure(current, fetchedAt, $"timeout: no response headers within {_options.HeaderTimeout.TotalSeconds:0.###} s");
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    var contentType = response.Content.Headers.ContentType;
                    var location = response.Headers.Location;
                    if (status is 301 or 302 or 303 or 307 or 308 && location is not null)
                    {
                        // The hop's body is not read (its connection is closed instead): recorded as truncated.
                        await ExchangeCapture.RecordAsync(_recorder, request, response, sentAt, peer, ExchangePayload.Empty,
                            response.Content.Headers.ContentLength == 0 ? null : "length").ConfigureAwait(false);
                        if (!Uri.TryCreate(current, location, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
                        {
                            return new FetchResult(status, current, contentType?.ToString(), 0, null, $"redirect: unusable Location '{location}'", fetchedAt);
                        }

                        if (!HttpShared.SameAuthority(current, target))
                        {
                            return new FetchResult(status, current, contentType?.ToString(), 0, null, null, fetchedAt, RedirectTo: target.AbsoluteUri);
                        }

                        if (!visited.Add(target.AbsoluteUri))
                        {
                            return new FetchResult(status, current, contentType?.ToString(), 0, null, $"redirect-loop: {target.AbsoluteUri} was already visited", fetchedAt);
                        }

                        if (hop >= _options.MaxRedirects)
                        {
                            return new FetchResult(status, current, contentType?.ToString(), 0, null, $"too-many-redirects: more than {_options.MaxRedirects}", fetchedAt);
                        }

                        current = target;
                        continue;
                    }

                    stage = "body";
                    return await ReadResponseAsync(request, response, sentAt, peer, status, contentType, fetchedAt,
                        // A job may ask for less than the silo's limit, never more: the silo's protects its memory.
                        Math.Min(profile?.MaxBodyBytes ?? int.MaxValue, _options.MaxBodyBytes),
                        total.Token, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(current, fetchedAt, total.IsCancellationRequested
                ? $"timeout: no complete response within {timeout.TotalSeconds:0.###} s (waiting for the {stage})"
                : $"timeout: connect or {stage}");
        }
        catch (HttpRequestException ex) when (HttpShared.Find<AddressRefusedException>(ex) is { } refused)
        {
            return Failure(current, fetchedAt, refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return Failure(current, fetchedAt, $"{Kind(ex)}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return Failure(current, fetchedAt, $"{(stage == "body" ? "truncated" : "io")}: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            return Failure(current, fetchedAt, $"decoding: {ex.Message}");
        }
    }

    private async Task<FetchResult> ReadResponseAsync(HttpRequestMessage request, HttpResponseMessage response, DateTimeOffset sentAt, StrongBox<string?>? peer,
        int status, MediaTypeHeaderValue? contentType, DateTimeOffset fetchedAt, int maxBodyBytes, CancellationToken total, CancellationToken cancellationToken)
    {
        var finalUrl = request.RequestUri!;
        var retryAfter = response.Headers.NonValidated.TryGetValues("Retry-After", out var values) ? values.ToString() : null;
        var robotsTag = response.Headers.TryGetValues("X-Robots-Tag", out var tags) ? string.Join(", ", tags) : null;
        var type = contentType?.ToString();
        var body = await BodyReader.ReadAsync(response.Content, _options, maxBodyBytes, _time, total, cancellationToken, capture: _recorder is not null).ConfigureAwait(false);
        try
        {
            if (body.Error is not null)
            {
                return new FetchResult(status, finalUrl, type, body.Length, null, body.Error, fetchedAt, RobotsTag: robotsTag, RetryAfter: retryAfter);
            }

            await ExchangeCapture.RecordAsync(_recorder, request, response, sentAt, peer, body.Payload, null).ConfigureAwait(false);

            string? text = null;
            string? error = null;
            if (response.IsSuccessStatusCode && IsText(contentType))
            {
                var bytes = body.Buffer.AsSpan(0, body.Length);
                if (BodyDecoder.LooksBinary(bytes, contentType))
                {
                    error = $"binary: a {contentType?.MediaType} body with NUL bytes was not decoded";
                }
                else
                {
                    text = BodyDecoder.Decode(bytes, contentType?.CharSet);
                }
            }

            return new FetchResult(status, finalUrl, type, body.Length, text, error, fetchedAt, RobotsTag: robotsTag, RetryAfter: retryAfter);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Buffer);
            body.Raw?.Dispose();
        }
    }

    private static FetchResult Failure(Uri url, DateTimeOffset at, string error) => new(0, url, null, 0, null, error, at);

    private static string Kind(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "dns",
        HttpRequestError.ConnectionError => "connect",
        HttpRequestError.SecureConnectionError => "tls",
        HttpRequestError.ResponseEnded => "truncated",
        HttpRequestError.InvalidResponse => "protocol",
        HttpRequestError.ConfigurationLimitExceeded => "protocol",
        _ => "http",
    };

    private bool IsText(MediaTypeHeaderValue? contentType)
    {
        var media = contentType?.MediaType;
        return media is not null && _options.TextContentTypes.Contains(media, StringComparer.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}

using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Fetches pages with one shared, pooled <see cref="HttpClient"/>. Network and HTTP trouble is
/// reported in the <see cref="FetchResult"/>, never thrown.</summary>
public sealed class HttpPageFetcher : IPageFetcher, IDisposable
{
    private readonly HttpClient _client;
    private readonly FetcherOptions _options;
    private readonly TimeProvider _time;

    public HttpPageFetcher(FetcherOptions options, TimeProvider time)
        : this(CreateHandler(options), options, time)
    {
    }

    public HttpPageFetcher(HttpMessageHandler handler, FetcherOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = options.Timeout };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
    }

    public static SocketsHttpHandler CreateHandler(FetcherOptions options) => new()
    {
        AllowAutoRedirect = options.MaxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = options.ConnectTimeout,
        MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        UseCookies = false,
    };

    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var fetchedAt = _time.GetUtcNow();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var finalUrl = response.RequestMessage?.RequestUri ?? url;
            var contentType = response.Content.Headers.ContentType;
            var status = (int)response.StatusCode;
            var (bytes, length, tooLarge) = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            try
            {
                if (tooLarge)
                {
                    return new FetchResult(status, finalUrl, contentType?.ToString(), length, null,
                        $"too-large: body exceeds {_options.MaxBodyBytes} bytes", fetchedAt);
                }

                string? body = null;
                if (response.IsSuccessStatusCode && IsText(contentType))
                {
                    body = Decode(bytes, length, contentType);
                }

                var robotsTag = response.Headers.TryGetValues("X-Robots-Tag", out var tags) ? string.Join(", ", tags) : null;
                return new FetchResult(status, finalUrl, contentType?.ToString(), length, body, null, fetchedAt, robotsTag);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(url, fetchedAt, $"timeout: no complete response within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return Failure(url, fetchedAt, $"{Kind(ex)}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return Failure(url, fetchedAt, $"io: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            return Failure(url, fetchedAt, $"decoding: {ex.Message}");
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
        HttpRequestError.ConfigurationLimitExceeded => "redirects",
        _ => "http",
    };

    private static bool IsText(MediaTypeHeaderValue? contentType)
    {
        var media = contentType?.MediaType;
        return media is not null && (media.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("/xml", StringComparison.OrdinalIgnoreCase));
    }

    private static string Decode(byte[] bytes, int length, MediaTypeHeaderValue? contentType)
    {
        var encoding = Encoding.UTF8;
        var charset = contentType?.CharSet?.Trim('"', ' ');
        if (!string.IsNullOrEmpty(charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                // Unknown charset label: UTF-8 is the web's default and the best guess.
            }
        }

        var span = bytes.AsSpan(0, length);
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        return encoding.GetString(span);
    }

    /// <summary>Reads the body into a pooled buffer, stopping at the size limit. The caller returns the buffer.</summary>
    private async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxBodyBytes;
        var declared = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 16 * 1024, 4096, limit + 1L));
        var length = 0;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return (buffer, length, true);
                }

                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length, false);
            }

            length += read;
            if (length > limit)
            {
                return (buffer, length, true);
            }
        }
    }

    public void Dispose() => _client.Dispose();
}

using System.Net;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Downloads whole files (sitemaps, robots.txt before a job starts) under the fetcher's guard: the same handler
/// as <see cref="HttpPageFetcher"/> (<see cref="HttpPageFetcher.CreateHandler"/>: connections only to addresses the
/// <see cref="AddressPolicy"/> allows, checked on the address actually connected to), the same per-request check (a
/// pooled connection skips the connect callback), and the same redirect rule: same authority only, a redirect to another
/// authority is not followed. Unlike the page fetcher it returns the body's bytes as sent (a <c>.xml.gz</c> sitemap stays
/// gzip for <c>SitemapParser</c>, which reads XML declarations and gzip itself), so it is its own small class rather than
/// a mode of the page fetcher. Failures are reported through the warning callback and give null, never an exception.</summary>
public sealed class GuardedDownloader : IDisposable
{
    private readonly HttpClient _client;
    private readonly FetcherOptions _options;
    private readonly IHostResolver _resolver;
    private readonly AddressPolicy _policy;
    private readonly Action<string> _warn;

    public GuardedDownloader(FetcherOptions options, IHostResolver resolver, AddressPolicy policy, Action<string>? warn = null)
    {
        (_options, _resolver, _policy, _warn) = (options, resolver, policy, warn ?? (_ => { }));
        _client = new HttpClient(HttpPageFetcher.CreateHandler(options, resolver), disposeHandler: true) { Timeout = options.Timeout };
        _client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
    }

    /// <summary>The body of a 2xx answer, at most <paramref name="maxBytes"/>; null for any other answer, a refused
    /// address, a redirect to another authority, or a failure (each but a non-2xx status reported as a warning).</summary>
    public async Task<byte[]?> DownloadAsync(Uri url, long maxBytes, CancellationToken cancellationToken = default)
    {
        var current = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (!_policy.AllowPrivate && _policy.Check(current.Authority, await _resolver.ResolveAsync(current.IdnHost, cancellationToken).ConfigureAwait(false)) is { } refusal)
                {
                    _warn($"{current}: {refusal}");
                    return null;
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Options.Set(AddressPolicyConnector.PolicyKey, _policy);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (!Uri.TryCreate(current, location, out var target) || target.Scheme is not ("http" or "https") || !HttpShared.SameAuthority(current, target))
                    {
                        _warn($"{current}: redirect to {location} not followed (another host; only same-host redirects are)");
                        return null;
                    }

                    if (hop >= _options.MaxRedirects)
                    {
                        _warn($"{current}: more than {_options.MaxRedirects} redirects");
                        return null;
                    }

                    current = target;
                    continue;
                }

                return response.IsSuccessStatusCode ? await ReadAsync(current, response, maxBytes, cancellationToken).ConfigureAwait(false) : null;
            }
        }
        catch (HttpRequestException ex) when (HttpShared.Find<AddressRefusedException>(ex) is { } refused)
        {
            _warn($"{current}: {refused.Message}");
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _warn($"{current}: {ex.Message}");
            return null;
        }
    }

    private async Task<byte[]?> ReadAsync(Uri url, HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = body.ConfigureAwait(false);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                _warn($"{url} is larger than {maxBytes:N0} bytes, ignored");
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    public void Dispose() => _client.Dispose();
}

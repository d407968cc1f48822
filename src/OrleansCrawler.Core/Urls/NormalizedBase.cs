namespace OrleansCrawler.Core.Urls;

/// <summary>A base URL for resolving relative references, normalized once and split into its components.
/// <see cref="For"/> keeps the last one per thread: a page's links all share one base.</summary>
internal sealed class NormalizedBase
{
    [ThreadStatic]
    private static NormalizedBase? t_last;

    private readonly string _url = string.Empty;
    private readonly int _authorityStart;
    private readonly int _pathStart;
    private readonly int _queryStart;

    private NormalizedBase(Uri uri) => Uri = uri;

    private NormalizedBase(Uri uri, string url)
    {
        Uri = uri;
        _url = url;
        IsValid = true;
        IsHttps = url.StartsWith("https:", StringComparison.Ordinal);
        _authorityStart = IsHttps ? 8 : 7;
        _pathStart = url.IndexOf('/', _authorityStart);
        _queryStart = url.IndexOf('?', _pathStart);
    }

    public Uri Uri { get; }

    public bool IsValid { get; }

    public bool IsHttps { get; }

    public ReadOnlySpan<char> Authority => _url.AsSpan(_authorityStart, _pathStart - _authorityStart);

    public ReadOnlySpan<char> Path => _queryStart < 0 ? _url.AsSpan(_pathStart) : _url.AsSpan(_pathStart, _queryStart - _pathStart);

    public bool HasQuery => _queryStart >= 0;

    public ReadOnlySpan<char> Query => _queryStart < 0 ? [] : _url.AsSpan(_queryStart + 1);

    /// <summary>The normalized <paramref name="baseUrl"/>, or null when it is not an absolute http(s) URL; the
    /// same instance again while the caller's thread keeps passing the same <see cref="System.Uri"/>.</summary>
    public static NormalizedBase? For(Uri baseUrl)
    {
        var cached = t_last;
        if (cached is not null && ReferenceEquals(cached.Uri, baseUrl))
        {
            return cached.IsValid ? cached : null;
        }

        var info = Create(baseUrl);
        t_last = info;
        return info.IsValid ? info : null;
    }

    private static NormalizedBase Create(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return new NormalizedBase(uri);
        }

        if (UrlNormalizer.TryNormalize(uri.OriginalString, null, out var url) || UrlNormalizer.TryNormalize(uri.AbsoluteUri, null, out url))
        {
            return new NormalizedBase(uri, url);
        }

        return new NormalizedBase(uri);
    }
}

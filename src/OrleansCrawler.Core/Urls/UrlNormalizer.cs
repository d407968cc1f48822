namespace OrleansCrawler.Core.Urls;

/// <summary>
/// Puts URLs in the crawler's normalized form, the key of the seen-set, of partitioning and of results.
/// Rules: http/https only; scheme and host lower-cased; default port removed (80 for http, 443 for https);
/// empty path becomes "/"; dot segments removed (RFC 3986 §5.2.4); fragment dropped; percent-encoded
/// unreserved characters (ALPHA, DIGIT, '-', '.', '_', '~') decoded, all other percent-escapes kept with
/// upper-case hex; characters that must be escaped (spaces, non-ASCII, etc.) percent-encoded as UTF-8;
/// the query is kept in its order ("?" with an empty query is dropped); userinfo is dropped.
/// </summary>
public static class UrlNormalizer
{
    /// <summary>Resolves <paramref name="href"/> against <paramref name="baseUrl"/> (absolute, or null for an
    /// absolute href) and normalizes it. False for non-http(s) schemes (mailto:, javascript:, data:), empty or
    /// malformed input.</summary>
    public static bool TryNormalize(string href, Uri? baseUrl, out string normalized) => throw new NotImplementedException();

    /// <summary>Normalizes an absolute URL; throws <see cref="FormatException"/> naming the value when it is not
    /// an absolute http(s) URL.</summary>
    public static string Normalize(string absoluteUrl) => throw new NotImplementedException();
}

namespace OrleansCrawler.Core.Urls;

/// <summary>Stable 64-bit fingerprint of a normalized URL (XxHash3 over its UTF-8 bytes). Never GetHashCode:
/// the value must be the same in every process and on every run.</summary>
public static class UrlFingerprint
{
    public static ulong Of(string normalizedUrl) => throw new NotImplementedException();
}

namespace OrleansCrawler.Core.Crawling;

/// <summary>The kind of error a fetch ended in, for "errors by kind" counts: the fetcher's error prefix
/// ("timeout", "connect", "too-large", ...) or "http-NNN" for 4xx/5xx responses; null when it went well.</summary>
public static class ErrorKind
{
    public static string? Of(int status, string? error)
    {
        if (error is not null)
        {
            var colon = error.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? error[..colon] : error;
        }

        return status >= 400 ? $"http-{status}" : null;
    }
}

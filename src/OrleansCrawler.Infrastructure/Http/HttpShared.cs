namespace OrleansCrawler.Infrastructure.Http;

/// <summary>What the page fetcher and the sitemap downloader decide alike: which redirects stay on the host, and
/// whether a failed request was the address guard's refusal.</summary>
internal static class HttpShared
{
    /// <summary>Same scheme, host and port: a redirect the fetch follows itself (another authority is a new URL).</summary>
    public static bool SameAuthority(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="ex"/>'s chain of inner exceptions.</summary>
    public static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}

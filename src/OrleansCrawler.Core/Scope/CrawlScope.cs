namespace OrleansCrawler.Core.Scope;

/// <summary>Decides whether a normalized URL is in the crawl's scope: the scope mode against the seeds, then
/// include regexes (when any are given, one must match) and exclude regexes (none may match).</summary>
public sealed class CrawlScope
{
    /// <param name="seeds">Normalized seed URLs.</param>
    /// <exception cref="ArgumentException">An include/exclude pattern is not a valid regex (message names it).</exception>
    public CrawlScope(ScopeMode mode, IEnumerable<string> seeds, IEnumerable<string>? include = null, IEnumerable<string>? exclude = null)
        => throw new NotImplementedException();

    public bool IsInScope(string normalizedUrl) => throw new NotImplementedException();
}

namespace OrleansCrawler.Core.Scope;

/// <summary>Which discovered URLs a crawl follows, relative to its seeds.</summary>
public enum ScopeMode
{
    /// <summary>Same authority (host and port) as one of the seeds. The default.</summary>
    Host,
    /// <summary>Same registrable domain as a seed (last two labels; for IP addresses, the same address).</summary>
    Domain,
    /// <summary>Any http(s) URL.</summary>
    Any,
}

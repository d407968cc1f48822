namespace OrleansCrawler.Core.Robots;

/// <summary>The rules of one robots.txt for one user agent: the group whose User-agent token matches ours
/// (case-insensitive product token), else the "*" group; Allow/Disallow with the longest match winning and
/// Allow winning ties; "*" wildcards and "$" end anchors. (Full RFC 9309 comes later.)</summary>
public sealed class RobotsRules
{
    public static RobotsRules AllowAll => throw new NotImplementedException();

    public static RobotsRules DisallowAll => throw new NotImplementedException();

    public static RobotsRules Parse(string robotsTxt, string userAgent) => throw new NotImplementedException();

    /// <summary>Whether a path (with its query, e.g. "/a/b?x=1") may be fetched.</summary>
    public bool IsAllowed(string pathAndQuery) => throw new NotImplementedException();

    /// <summary>Sitemap URLs listed in the file.</summary>
    public IReadOnlyList<string> Sitemaps => throw new NotImplementedException();
}

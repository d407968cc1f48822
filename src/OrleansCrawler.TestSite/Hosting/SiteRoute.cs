using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Hosting;

internal enum SiteResource : byte
{
    NotFound,
    Page,
    Robots,
    Sitemap,
    Image,
    Pdf,
}

/// <summary>Maps a decoded request path to what a host serves there. Each page has exactly one path.</summary>
internal static class SiteRoute
{
    public static (SiteResource Resource, int Number) Resolve(SiteGraph graph, int host, ReadOnlySpan<char> path)
    {
        switch (path)
        {
            case "/":
                return (SiteResource.Page, 0);
            case "/robots.txt":
                return (SiteResource.Robots, 0);
            case "/sitemap.xml":
                return (SiteResource.Sitemap, 0);
        }

        if (TryNumber(path, "/img/", ".png", out int n))
        {
            return (SiteResource.Image, n);
        }

        if (TryNumber(path, "/docs/", ".pdf", out n))
        {
            return (SiteResource.Pdf, n);
        }

        if (TryNumber(path, RobotsRules.AllowedAgainPrefix + "p", ".html", out n))
        {
            return PageIf(graph, host, n, PageClass.PrivateOpen);
        }

        if (TryNumber(path, RobotsRules.DisallowedPrefix + "p", ".html", out n))
        {
            return PageIf(graph, host, n, PageClass.Private);
        }

        // "/s{d}/p{n}.html" with d == n % 10.
        if (path.Length > 4 && path.StartsWith("/s") && char.IsAsciiDigit(path[2]) && path[3] == '/'
            && TryNumber(path[3..], "/p", ".html", out n) && n % 10 == path[2] - '0')
        {
            return PageIf(graph, host, n, PageClass.Public);
        }

        return (SiteResource.NotFound, 0);
    }

    private static (SiteResource, int) PageIf(SiteGraph graph, int host, int page, PageClass expected) =>
        page > 0 && page < graph.PageCount(host) && graph.Classify(host, page) == expected
            ? (SiteResource.Page, page)
            : (SiteResource.NotFound, 0);

    /// <summary>Parses prefix + canonical decimal (no sign, no leading zero) + suffix.</summary>
    private static bool TryNumber(ReadOnlySpan<char> path, string prefix, string suffix, out int number)
    {
        number = 0;
        if (path.Length < prefix.Length + suffix.Length
            || !path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = path[prefix.Length..^suffix.Length];
        if (digits.Length is 0 or > 9 || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = number * 10 + (c - '0');
        }

        return true;
    }
}

using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansCrawler.TestSite.Tests;

public sealed class TestWebPageTests(SmallWebFixture fixture) : IClassFixture<SmallWebFixture>
{
    private TestWeb Web => fixture.Web;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Pages_SampleOfTruth_Are15To40KbWith30To60Links()
    {
        foreach (string url in fixture.Truth.Where((_, i) => i % 7 == 0))
        {
            var (status, contentType, body) = await WebHelpers.GetAsync(Client, url);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("text/html; charset=utf-8", contentType);
            Assert.InRange(body.Length, 15 * 1024, 40 * 1024);
            Assert.InRange(Html.Hrefs(Encoding.UTF8.GetString(body)).Count, 30, 60);
        }
    }

    [Fact]
    public async Task Pages_HaveHtmlStructureAndUniqueTitles()
    {
        var pages = await fixture.TruthPagesAsync();
        var titles = new HashSet<string>();
        foreach (var (url, html) in pages)
        {
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            foreach (string part in new[] { "<meta name=\"description\"", "<meta name=\"keywords\"", "<nav>", "<h1", "<h2", "<p>", "<footer>", "</html>" })
            {
                Assert.Contains(part, html, StringComparison.Ordinal);
            }

            string title = Html.Title(html);
            Assert.Matches(@"^Page \d+ on host \d+ - \w+", title);
            Assert.True(titles.Add(title), $"duplicate title '{title}' at {url}");
        }
    }

    [Fact]
    public async Task Links_AcrossTheWeb_CoverEveryLinkForm()
    {
        var pages = await fixture.TruthPagesAsync();
        var seen = new HashSet<string>();
        foreach (var (url, html) in pages)
        {
            var pageUri = new Uri(url);
            string? baseHref = Html.BaseHref(html);
            if (baseHref is not null)
            {
                seen.Add(baseHref.StartsWith("http", StringComparison.Ordinal) ? "base-absolute" : "base-root-relative");
            }

            if (html.Contains("href='", StringComparison.Ordinal))
            {
                seen.Add("single-quoted");
            }

            var baseUri = baseHref is null ? pageUri : new Uri(pageUri, baseHref);
            var targets = new HashSet<string>();
            foreach (string href in Html.Hrefs(html))
            {
                seen.Add(FormOf(href));
                if (href.Contains('#', StringComparison.Ordinal) && !href.StartsWith('#'))
                {
                    seen.Add("fragment");
                }

                if (href.Contains("%3", StringComparison.Ordinal))
                {
                    seen.Add("percent-encoded");
                }

                if (href.Contains("../", StringComparison.Ordinal))
                {
                    seen.Add("dot-segments");
                }

                var target = new Uri(baseUri, href);
                if (target.Scheme != Uri.UriSchemeHttp)
                {
                    seen.Add(target.Scheme);
                    continue;
                }

                string normalized = Html.Normalize(target);
                if (!targets.Add(normalized))
                {
                    seen.Add("duplicate");
                }

                string path = Html.DecodeUnreserved(target.AbsolutePath);
                if (target.Authority != pageUri.Authority)
                {
                    seen.Add("cross-host");
                }

                if (path.StartsWith("/img/", StringComparison.Ordinal) && path.EndsWith(".png", StringComparison.Ordinal))
                {
                    seen.Add("image");
                }
                else if (path.StartsWith("/docs/", StringComparison.Ordinal) && path.EndsWith(".pdf", StringComparison.Ordinal))
                {
                    seen.Add("pdf");
                }
                else if (path.StartsWith("/missing/", StringComparison.Ordinal))
                {
                    seen.Add("missing");
                }
                else if (path.StartsWith("/private/open/", StringComparison.Ordinal))
                {
                    seen.Add("allowed-again");
                }
                else if (path.StartsWith("/private/", StringComparison.Ordinal))
                {
                    seen.Add("disallowed");
                }
                else if (Regex.Match(path, @"^/s(\d)/p(\d+)\.html$") is { Success: true } m
                    && int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) % 10 != m.Groups[1].Value[0] - '0')
                {
                    seen.Add("wrong-section");
                }
            }
        }

        string[] expected =
        [
            "absolute", "absolute-upper", "protocol-relative", "root-relative", "relative", "dot-relative",
            "dot-segments", "fragment", "fragment-only", "percent-encoded", "duplicate", "cross-host", "image",
            "pdf", "missing", "wrong-section", "disallowed", "allowed-again", "mailto", "javascript",
            "base-absolute", "base-root-relative", "single-quoted",
        ];
        Assert.Empty(expected.Except(seen));
    }

    [Fact]
    public async Task Robots_IsServed_AndDisallowedPagesAreServedButNotInTruth()
    {
        string robots = await Client.GetStringAsync(Web.Seeds[0] + "robots.txt");
        Assert.Contains("User-agent: *\nDisallow: /private/\nAllow: /private/open/", robots, StringComparison.Ordinal);

        var pages = await fixture.TruthPagesAsync();
        var disallowed = pages
            .SelectMany(p => Html.ResolvedLinks(new Uri(p.Key), p.Value))
            .Where(u => u.Scheme == Uri.UriSchemeHttp)
            .Select(Html.Normalize)
            .Where(u => Regex.IsMatch(u, @"/private/p\d+\.html$"))
            .Distinct()
            .Take(10)
            .ToList();

        Assert.NotEmpty(disallowed);
        foreach (string url in disallowed)
        {
            Assert.DoesNotContain(url, fixture.Truth);
            var (status, contentType, _) = await WebHelpers.GetAsync(Client, url);
            if (status == HttpStatusCode.OK)
            {
                Assert.Equal("text/html; charset=utf-8", contentType);
            }
        }

        Assert.Contains(HttpStatusCode.OK, await Task.WhenAll(disallowed.Select(async u => (await WebHelpers.GetAsync(Client, u)).Status)));
        Assert.Contains(fixture.Truth, u => u.Contains("/private/open/", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Truth, u => Regex.IsMatch(u, @"/private/p\d+\.html$"));
    }

    [Fact]
    public async Task NotFound_ForMissingPathsAndPagesAtTheWrongPath()
    {
        string root = Web.Seeds[1];
        var page = new Uri(fixture.Truth.First(u => u.StartsWith(root, StringComparison.Ordinal) && Regex.IsMatch(u, @"/s\d/p\d+\.html$")));
        var m = Regex.Match(page.AbsolutePath, @"^/s(\d)/p(\d+)\.html$");
        string index = m.Groups[2].Value;
        int wrongSection = (m.Groups[1].Value[0] - '0' + 1) % 10;

        Assert.Equal(HttpStatusCode.OK, (await WebHelpers.GetAsync(Client, page.ToString())).Status);
        foreach (string path in new[]
        {
            "nope.html", "s1/", "missing/p1.html", $"s{wrongSection}/p{index}.html", $"s{index[^1]}/p0{index}.html",
            $"private/p{index}.html", "s9/p99999.html", "img/x.png", "favicon.ico",
        })
        {
            var (status, contentType, body) = await WebHelpers.GetAsync(Client, root + path);
            Assert.True(status == HttpStatusCode.NotFound, $"{path}: {status}");
            Assert.Equal("text/html; charset=utf-8", contentType);
            Assert.Contains("Not Found", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PercentEncodedPath_ServesTheSamePage()
    {
        var page = new Uri(fixture.Truth.First(u => Regex.IsMatch(u, @"/s\d/p\d+\.html$")));
        string encoded = Regex.Replace(page.AbsolutePath, @"p(\d+)\.html$", m => "p" + string.Concat(m.Groups[1].Value.Select(c => $"%3{c}")) + ".htm%6C");

        var plain = await WebHelpers.GetAsync(Client, page.ToString());
        var viaEncoding = await WebHelpers.GetAsync(Client, $"http://{page.Authority}{encoded}");

        Assert.Equal(HttpStatusCode.OK, viaEncoding.Status);
        Assert.Equal(plain.Body, viaEncoding.Body);
        Assert.Contains(Web.RequestLog.Snapshot(), e => e.PathAndQuery == encoded); // sent and logged undecoded
    }

    [Fact]
    public async Task Assets_AreServedWithTheirContentTypes()
    {
        var png = await WebHelpers.GetAsync(Client, Web.Seeds[0] + "img/7.png");
        var pdf = await WebHelpers.GetAsync(Client, Web.Seeds[0] + "docs/3.pdf");

        Assert.Equal((HttpStatusCode.OK, "image/png"), (png.Status, png.ContentType));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Body[..4]);
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (pdf.Status, pdf.ContentType));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sitemap_ListsAllowedPagesAndCoversTheTruthOfItsHost()
    {
        string seed = Web.Seeds[2];
        string xml = await Client.GetStringAsync(seed + "sitemap.xml");
        var locs = Regex.Matches(xml, "<loc>([^<]*)</loc>").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.StartsWith("<?xml", xml, StringComparison.Ordinal);
        Assert.Contains(seed, locs);
        Assert.All(locs, u => Assert.StartsWith(seed, u, StringComparison.Ordinal));
        Assert.DoesNotContain(locs, u => Regex.IsMatch(u, @"/private/p\d+\.html$"));
        Assert.Subset(locs, fixture.Truth.Where(u => u.StartsWith(seed, StringComparison.Ordinal)).ToHashSet());
        foreach (string url in locs.Where((_, i) => i % 10 == 0))
        {
            Assert.Equal(HttpStatusCode.OK, (await WebHelpers.GetAsync(Client, url)).Status);
        }
    }

    [Fact]
    public void Truth_ContainsEverySeed_IsSortedAndNormalized()
    {
        var truth = fixture.Truth;

        Assert.Subset(truth.ToHashSet(), Web.Seeds.ToHashSet());
        Assert.Equal(truth.Order(StringComparer.Ordinal), truth);
        Assert.Equal(truth.Count, truth.Distinct().Count());
        Assert.All(truth, u => Assert.Matches(@"^http://127\.0\.0\.1:\d+(/|/s\d/p\d+\.html|/private/open/p\d+\.html)$", u));
        Assert.InRange(truth.Count, 300, 400); // most, not all, of the 400 pages are reachable and allowed
    }

    private static string FormOf(string href) => href switch
    {
        _ when href.StartsWith("http://", StringComparison.Ordinal) => "absolute",
        _ when href.StartsWith("HTTP://", StringComparison.Ordinal) => "absolute-upper",
        _ when href.StartsWith("//", StringComparison.Ordinal) => "protocol-relative",
        _ when href.StartsWith('/') => "root-relative",
        _ when href.StartsWith("./", StringComparison.Ordinal) => "dot-relative",
        _ when href.StartsWith('#') => "fragment-only",
        _ when href.Contains(':', StringComparison.Ordinal) => "other-scheme",
        _ => "relative",
    };
}

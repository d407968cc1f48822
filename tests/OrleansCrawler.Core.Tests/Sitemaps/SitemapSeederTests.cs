using System.IO.Compression;
using System.Text;
using OrleansCrawler.Core.Sitemaps;

namespace OrleansCrawler.Core.Tests.Sitemaps;

public class SitemapSeederTests
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<string> _requested = [];
    private readonly List<string> _warnings = [];

    private void Serve(string url, string body) => _files[url] = Encoding.UTF8.GetBytes(body);

    private static string UrlSet(params string[] urls) => "<urlset>" + string.Concat(urls.Select(u => $"<url><loc>{u}</loc></url>")) + "</urlset>";

    private static string Index(params string[] urls) => "<sitemapindex>" + string.Concat(urls.Select(u => $"<sitemap><loc>{u}</loc></sitemap>")) + "</sitemapindex>";

    private SitemapSeeder Seeder(int maxIndexDepth = 2) => new((url, _) =>
    {
        _requested.Add(url.AbsoluteUri);
        return Task.FromResult(_files.GetValueOrDefault(url.AbsoluteUri));
    }, "bot", _warnings.Add) { MaxIndexDepth = maxIndexDepth };

    [Fact]
    public async Task DiscoverAsync_RobotsSitemapsAndDefaultSitemap_AreReadAndFiltered()
    {
        Serve("http://a.test/robots.txt", "User-agent: *\nDisallow: /x\nSitemap: http://a.test/maps/index.xml\n");
        Serve("http://a.test/maps/index.xml", Index("http://a.test/maps/one.xml", "/maps/two.xml.gz"));
        Serve("http://a.test/maps/one.xml", UrlSet("http://a.test/1", "HTTP://A.TEST:80/2", "http://other.test/3"));
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            {
                gzip.Write(Encoding.UTF8.GetBytes(UrlSet("http://a.test/4", "http://a.test/1")));
            }

            _files["http://a.test/maps/two.xml.gz"] = output.ToArray();
        }

        Serve("http://a.test/sitemap.xml", UrlSet("http://a.test/5"));

        var found = await Seeder().DiscoverAsync(["http://a.test/", "http://a.test/other"], u => u.StartsWith("http://a.test/", StringComparison.Ordinal));

        // Breadth first: the sitemaps named at the top level, then what their indexes list.
        Assert.Equal(["http://a.test/5", "http://a.test/1", "http://a.test/2", "http://a.test/4"], found);
        Assert.Equal(1, _requested.Count(u => u == "http://a.test/robots.txt"));
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task DiscoverAsync_MalformedOrMissingSitemaps_AreWarnedAndSkipped()
    {
        Serve("http://a.test/robots.txt", "Sitemap: http://a.test/broken.xml\nSitemap: http://a.test/missing.xml\n");
        Serve("http://a.test/broken.xml", "<urlset><url><loc>http://a.test/1</loc>");
        Serve("http://a.test/sitemap.xml", UrlSet("http://a.test/ok"));

        var found = await Seeder().DiscoverAsync(["http://a.test/"], _ => true);

        Assert.Equal(["http://a.test/ok"], found);
        Assert.Contains(_warnings, w => w.Contains("http://a.test/broken.xml", StringComparison.Ordinal));
        Assert.Contains("http://a.test/missing.xml", _requested);
    }

    [Fact]
    public async Task DiscoverAsync_IndexLoopsAndDepth_AreBounded()
    {
        Serve("http://a.test/sitemap.xml", Index("http://a.test/i1.xml", "http://a.test/sitemap.xml"));
        Serve("http://a.test/i1.xml", Index("http://a.test/i2.xml", "http://a.test/u1.xml"));
        Serve("http://a.test/i2.xml", Index("http://a.test/u2.xml"));
        Serve("http://a.test/u1.xml", UrlSet("http://a.test/1"));
        Serve("http://a.test/u2.xml", UrlSet("http://a.test/2"));

        var shallow = await Seeder(maxIndexDepth: 2).DiscoverAsync(["http://a.test/"], _ => true);
        var deeper = await Seeder(maxIndexDepth: 3).DiscoverAsync(["http://a.test/"], _ => true);

        Assert.Equal(["http://a.test/1"], shallow);
        Assert.Equal(["http://a.test/1", "http://a.test/2"], deeper);
        Assert.Equal(2, _requested.Count(u => u == "http://a.test/sitemap.xml"));
    }
}

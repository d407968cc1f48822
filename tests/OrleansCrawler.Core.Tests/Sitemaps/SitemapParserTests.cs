using System.IO.Compression;
using System.Text;
using OrleansCrawler.Core.Sitemaps;

namespace OrleansCrawler.Core.Tests.Sitemaps;

public class SitemapParserTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private const string UrlSet = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
          <url><loc> http://a.test/ </loc><lastmod>2025-01-01</lastmod></url>
          <url><lastmod>2025-01-01</lastmod><loc>http://a.test/p?x=1&amp;y=2</loc>
            <image:image><image:loc>http://a.test/img.png</image:loc></image:image></url>
          <url><loc></loc></url>
          <!-- comment -->
          <url><loc>http://a.test/last</loc></url>
        </urlset>
        """;

    [Fact]
    public void Parse_UrlSet_ReturnsThePageLocationsOnly()
    {
        var document = SitemapParser.Parse(Utf8(UrlSet));

        Assert.Equal(SitemapKind.UrlSet, document.Kind);
        Assert.Equal(["http://a.test/", "http://a.test/p?x=1&y=2", "http://a.test/last"], document.Locations);
        Assert.False(document.Truncated);
    }

    [Fact]
    public void Parse_Gzip_IsDetectedByItsMagicBytes()
    {
        Assert.Equal(SitemapParser.Parse(Utf8(UrlSet)), SitemapParser.Parse(Gzip(Utf8(UrlSet))), new DocumentComparer());
    }

    [Fact]
    public void Parse_SitemapIndex_ReturnsTheSitemapLocations()
    {
        const string xml = """
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>http://a.test/s1.xml</loc><lastmod>2004-10-01</lastmod></sitemap>
              <sitemap><loc>http://a.test/s2.xml.gz</loc></sitemap>
            </sitemapindex>
            """;

        var document = SitemapParser.Parse(Utf8(xml));

        Assert.Equal(SitemapKind.Index, document.Kind);
        Assert.Equal(["http://a.test/s1.xml", "http://a.test/s2.xml.gz"], document.Locations);
    }

    [Fact]
    public void Parse_NoNamespace_IsTolerated()
    {
        Assert.Equal(["http://a.test/x"], SitemapParser.Parse(Utf8("<urlset><url><loc>http://a.test/x</loc></url></urlset>")).Locations);
    }

    [Fact]
    public void Parse_MoreThan50000Urls_KeepsTheFirst50000AndSaysSo()
    {
        var xml = new StringBuilder("<urlset>");
        for (var i = 0; i < SitemapParser.MaxUrls + 10; i++)
        {
            xml.Append("<url><loc>http://a.test/").Append(i).Append("</loc></url>");
        }

        var document = SitemapParser.Parse(Utf8(xml.Append("</urlset>").ToString()));

        Assert.Equal(SitemapParser.MaxUrls, document.Locations.Count);
        Assert.Equal("http://a.test/49999", document.Locations[^1]);
        Assert.True(document.Truncated);
    }

    [Theory]
    [InlineData("<urlset><url><loc>http://a.test/</loc></url>")]
    [InlineData("<urlset><url><loc>http://a.test/</url></urlset>")]
    [InlineData("not xml at all")]
    [InlineData("")]
    [InlineData("<html><body>404</body></html>")]
    [InlineData("<?xml version='1.0'?><!DOCTYPE urlset [<!ENTITY x 'y'>]><urlset><url><loc>&x;</loc></url></urlset>")]
    public void Parse_Malformed_ThrowsSitemapException(string xml)
    {
        var ex = Assert.Throws<SitemapException>(() => SitemapParser.Parse(Utf8(xml)));
        Assert.NotEmpty(ex.Message);
    }

    [Fact]
    public void Parse_BinaryJunkAndBrokenGzip_ThrowSitemapException()
    {
        var junk = new byte[4096];
        new Random(1).NextBytes(junk);
        var gzip = Gzip(Utf8(UrlSet));

        Assert.Throws<SitemapException>(() => SitemapParser.Parse(junk));
        Assert.Throws<SitemapException>(() => SitemapParser.Parse([0x1f, 0x8b, .. junk]));
        Assert.Throws<SitemapException>(() => SitemapParser.Parse(gzip[..(gzip.Length / 2)]));
    }

    [Fact]
    public void Parse_GzipBombBeyond50MB_StopsAtTheLimit()
    {
        // 60 MB of whitespace inside a urlset compresses to a few tens of KB.
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Utf8("<urlset>"));
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 60; i++)
            {
                gzip.Write(spaces);
            }

            gzip.Write(Utf8("<url><loc>http://a.test/</loc></url></urlset>"));
        }

        var ex = Assert.Throws<SitemapException>(() => SitemapParser.Parse(output.ToArray()));
        Assert.Contains("50 MB", ex.Message);
    }

    private sealed class DocumentComparer : IEqualityComparer<SitemapDocument>
    {
        public bool Equals(SitemapDocument? x, SitemapDocument? y) =>
            x is not null && y is not null && x.Kind == y.Kind && x.Truncated == y.Truncated && x.Locations.SequenceEqual(y.Locations);

        public int GetHashCode(SitemapDocument obj) => obj.Locations.Count;
    }
}

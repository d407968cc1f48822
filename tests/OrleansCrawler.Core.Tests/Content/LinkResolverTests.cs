using OrleansCrawler.Core.Content;

namespace OrleansCrawler.Core.Tests.Content;

/// <summary>The Markdown writer's link resolution: its shortcut for plain paths must answer what <see cref="Uri"/>
/// answers, for every base and href, plain or not.</summary>
public sealed class LinkResolverTests
{
    private static readonly string[] Bases =
    [
        "http://h.test/a/b.html", "https://h.test:8443/a/b/?q=1#f", "http://127.0.0.1:35167/", "http://H.TEST:80/x/Y.htm",
        "https://h.test:443/", "http://h.test", "http://h.test/a%20b/c.html", "http://[::1]:8080/a/", "http://user:pw@h.test/a/b",
        "http://bücher.test/a/b", "http://xn--bcher-kva.test/a/", "http://h.test/a/b?x=/c/d", "http://h.test/a/./b/../c",
        "ftp://h.test/a/b", "http://h.test/%7Euser/page",
    ];

    private static readonly string[] Hrefs =
    [
        "/", "/a", "/s1/p21.html", "s8/p58.html", "p.html?id=3&x=y#top", "/p?q=a/b", "/p#frag", "page", "a/b/c/", "/a//b", "a//b",
        "/a/./b", "/a/../b", "./a", "../a", "/a/.", "/.hidden", "a/.b", "a.b/c.d", ".", "..", "#sec-5", "?q=1", "//other.test/x",
        "http://other.test/A/b", "HTTP://127.0.0.1:36769/s3/p103.html", "javascript:history.back()", "mailto:a@b.test", " /padded ",
        "\t/tab\n", "/s1/p%31.htm%6c#sec-3", "/a b", "/a)b", "/ä", "a:b", "/~user/x", "/A_B-C~D.E", "0day/x", "_x/y", "-x", "~x",
        "/a\\b", "", "   ",
        // Absolute: written back as they are only when Uri writes them so.
        "http://127.0.0.1:37275/s8/p38.html#sec-2", "https://h.test/a?b=c", "http://h.test:80/a", "https://h.test:443/a", "http://h.test:8080/a",
        "http://h.test:080/a", "http://h.test:99999/a", "http://h.test:/a", "http://H.test/a", "http://h.test", "http://h.test/",
        "http://127.1/a", "http://0x7f.0.0.1/a", "http://127.000.0.1/a", "http://256.1.1.1/a", "http://1.2.3.4.5/a", "http://1.2.3/a",
        "http://dead.beef/a", "http://a.b.c.d/x", "http://h..test/a", "http://.h.test/a", "http://h.test./a", "http://-h.test/a",
        "http://xn--bcher-kva.test/a", "http://bücher.test/a", "http://user@h.test/a", "http://[::1]:80/a", "http://h.test/a/../b",
        "http://h.test//a", "http://h.test/a%2Fb", "https://h.test:8443/x/y.html?q=1&r=2#f", "http://localhost:5000/a", "http://h_x.test/a",
        "http://0.0.0.0/a", "http://10.0.0.1:65535/a", "http://10.0.0.1:65536/a", "http://h.test/ a", "http://h-1.test/a-b_c~d",
        "HTTP://h.test/a", "Https://h.test:8443/a", "hTTp://H.test/a", "HTTP://h.test:80/a",
        // Other schemes, and the page itself at another fragment or query.
        "JavaScript:void(0)", "javascript:%zz", "javascript:", "mailto:", "MAILTO:x@y.test", "mailto:%", "javascript: x y", "#", "#a-b_c",
        "#a/b?c", "#a/./b", "?", "?a=b&c=d#e", "?a=/./b", "#%41", "mailtox:y",
    ];

    public static TheoryData<string> BaseUrls() => new(Bases);

    [Theory]
    [MemberData(nameof(BaseUrls))]
    public void Resolve_AnswersWhatUriAnswers_ForEveryHref(string baseUrl)
    {
        var url = new Uri(baseUrl);
        var resolver = new LinkResolver(url);

        foreach (var href in Hrefs.Append(null))
        {
            Assert.True(LinkResolver.Slow(url, href) == resolver.Resolve(href), $"{baseUrl} + '{href}': Uri gives {LinkResolver.Slow(url, href)}, the resolver {resolver.Resolve(href)}");
        }
    }

    [Fact]
    public void Resolve_PlainPaths_AreTheOriginOrDirectoryAndTheHref()
    {
        var resolver = new LinkResolver(new Uri("http://H.test:80/docs/intro.html?v=2#top"));

        Assert.Equal("http://h.test/s1/p21.html", resolver.Resolve("/s1/p21.html"));
        Assert.Equal("http://h.test/docs/p2.html?id=3#x", resolver.Resolve("p2.html?id=3#x"));
        Assert.Null(resolver.Resolve("mailto:a@b.test"));
    }
}

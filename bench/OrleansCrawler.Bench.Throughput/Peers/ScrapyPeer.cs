using System.Globalization;
using OrleansCrawler.Bench.Throughput.Processes;

namespace OrleansCrawler.Bench.Throughput.Peers;

/// <summary>Scrapy (Debian's python3-scrapy): a spider written here that follows every &lt;a href&gt; of HTML pages
/// on the seeds' host, robots.txt obeyed, writing each response's URL and status to a file. Scrapy keys its
/// per-domain slots by host name without the port, so the 50 hosts of the test web (one address, 50 ports) share
/// one slot: its per-domain limit is set to the global one.</summary>
public sealed class ScrapyPeer : PeerCrawler
{
    private const string Spider = """
        import scrapy

        class TestWebSpider(scrapy.Spider):
            name = "testweb"
            allowed_domains = ["127.0.0.1"]
            handle_httpstatus_all = True

            def __init__(self, seeds=None, out=None, **kwargs):
                super().__init__(**kwargs)
                self.start_urls = [l.strip() for l in open(seeds) if l.strip()]
                self.out = open(out, "w")

            def parse(self, response):
                self.out.write(f"{response.status}\t{response.url}\n")
                if response.status == 200 and b"text/html" in (response.headers.get("Content-Type") or b""):
                    for href in response.css("a::attr(href)").getall():
                        if href.startswith(("mailto:", "javascript:")):
                            continue
                        yield response.follow(href, callback=self.parse)

            def closed(self, reason):
                self.out.close()
        """;

    public override string Name => "scrapy";

    public override string? Unavailable() => OnPath("scrapy") is null ? "Scrapy is not installed (apt-get install python3-scrapy)" : null;

    protected override (string FileName, IReadOnlyList<string> Arguments) Command(TestWebProcess web, string directory, ThroughputOptions options)
    {
        var spider = Path.Combine(directory, "testweb_spider.py");
        File.WriteAllText(spider, Spider);
        var c = options.Concurrency.ToString(CultureInfo.InvariantCulture);
        return ("scrapy",
        [
            "runspider", spider, "-a", "seeds=" + web.SeedsFile, "-a", "out=" + Path.Combine(directory, "fetched.tsv"),
            "-s", "ROBOTSTXT_OBEY=True", "-s", "CONCURRENT_REQUESTS=" + c, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=" + c, "-s", "DOWNLOAD_DELAY=0",
            "-s", "LOG_LEVEL=WARNING", "-s", "TELNETCONSOLE_ENABLED=False", "-s", "COOKIES_ENABLED=False",
        ]);
    }

    protected override IReadOnlyList<(string Url, int Status)> Fetched(string directory)
    {
        return ReadStatusLines(Path.Combine(directory, "fetched.tsv"));
    }

    protected override string Describe(ThroughputOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"scrapy runspider, ROBOTSTXT_OBEY, CONCURRENT_REQUESTS(_PER_DOMAIN)={options.Concurrency}");
}

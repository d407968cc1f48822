using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>An embedded silo whose fetcher has short limits, so the faulty test web's slow, huge and endless answers
/// hit them quickly: headers within 2 s, whole fetch 5 s, 1 MiB bodies, at least 1 KiB/s over 1 s.</summary>
public sealed class FaultCrawlerFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("ocrawl-faults-").FullName;

    public EmbeddedCrawler Crawler { get; private set; } = null!;

    public async Task InitializeAsync() => Crawler = await EmbeddedCrawler.StartAsync(DataDirectory, new Dictionary<string, string?>
    {
        ["Crawler:Fetcher:HeaderTimeout"] = "00:00:02",
        ["Crawler:Fetcher:Timeout"] = "00:00:05",
        ["Crawler:Fetcher:MaxBodyBytes"] = "1048576",
        ["Crawler:Fetcher:SlowBodyWindow"] = "00:00:01",
        ["Crawler:Fetcher:SlowBodyMinBytesPerSecond"] = "1024",
    });

    public async Task DisposeAsync()
    {
        await Crawler.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

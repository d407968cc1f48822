using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>One embedded silo (real grains, real HTTP fetcher, real SQLite in a temp folder) shared by a test class.
/// Tests keep apart by using their own job ids.</summary>
public sealed class CrawlerFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("ocrawl-grains-").FullName;

    public EmbeddedCrawler Crawler { get; private set; } = null!;

    public async Task InitializeAsync() => Crawler = await EmbeddedCrawler.StartAsync(DataDirectory);

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

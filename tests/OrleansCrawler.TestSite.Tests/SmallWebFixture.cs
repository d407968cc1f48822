namespace OrleansCrawler.TestSite.Tests;

/// <summary>One web shared by the read-only tests: 400 pages over 4 hosts, every truth page fetched once.</summary>
public sealed class SmallWebFixture : IAsyncLifetime
{
    private readonly Lazy<Task<IReadOnlyDictionary<string, string>>> _pages;

    public SmallWebFixture() => _pages = new(FetchTruthPagesAsync);

    public TestWeb Web { get; private set; } = null!;

    public HttpClient Client { get; } = WebHelpers.CreateClient();

    public IReadOnlyList<string> Truth { get; private set; } = [];

    /// <summary>The HTML of every page in the truth, by URL.</summary>
    public Task<IReadOnlyDictionary<string, string>> TruthPagesAsync() => _pages.Value;

    public async Task InitializeAsync()
    {
        Web = await TestWeb.StartAsync(new TestWebOptions { Pages = 400, Hosts = 4, Seed = 3 });
        Truth = Web.ComputeTruth();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Web.DisposeAsync();
    }

    private async Task<IReadOnlyDictionary<string, string>> FetchTruthPagesAsync()
    {
        var pages = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(Truth, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (url, ct) =>
            pages[url] = await Client.GetStringAsync(url, ct));
        return pages;
    }
}

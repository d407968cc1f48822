namespace OrleansCrawler.Grains.Tests;

/// <summary>Tests that judge gaps between requests from the test web's log. They run alone, after the other
/// collections: on a shared 2-core machine a crawl running beside them starves the thread pool, and a request can then
/// reach the server's handler tens of milliseconds after the crawler started it, which reads as a short gap.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

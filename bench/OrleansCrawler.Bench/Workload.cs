namespace OrleansCrawler.Bench;

public enum Workload
{
    /// <summary>Crawl the test web with added latency: waiting dominates.</summary>
    Io,
    /// <summary>Crawl the test web with no latency: parsing dominates.</summary>
    Cpu,
    /// <summary>The study's is_prime test: pure computation.</summary>
    Prime,
}

namespace OrleansCrawler.Core.Politeness;

/// <summary>The adaptive per-host delay, the default of <c>ocrawl run</c> and <c>submit</c> (<c>--delay auto</c>): after
/// each fetch, the least gap before the next request to that host is <see cref="Factor"/> × how long the fetch took,
/// at least <see cref="Floor"/> and at most <see cref="Ceiling"/>. A fast host gets about one request a second, a slow
/// (loaded) one is left alone longer, so the crawler takes a bounded share of a server's time: Heritrix's
/// <c>delayFactor</c>/<c>minDelayMs</c>/<c>maxDelayMs</c> (its defaults 5, 3 s, 30 s), gentler on the floor because one
/// request a second per host is what most sites' crawl policies ask for. robots.txt Crawl-delay stays above it.</summary>
/// <param name="Floor">Least delay, also the delay before the host's first response is in.</param>
/// <param name="Factor">Multiple of the last fetch's duration.</param>
/// <param name="Ceiling">Most delay, however slow the host (a timeout counts as a slow fetch).</param>
public sealed record AdaptiveDelay(TimeSpan Floor, double Factor, TimeSpan Ceiling)
{
    /// <summary>1 s floor, 3 × the last response time, 15 s ceiling (docs/design.md, "Politeness").</summary>
    public static AdaptiveDelay Default { get; } = new(TimeSpan.FromSeconds(1), 3, TimeSpan.FromSeconds(15));

    /// <summary>The delay after a fetch that took <paramref name="responseTime"/>.</summary>
    public TimeSpan After(TimeSpan responseTime)
    {
        var scaled = responseTime > TimeSpan.Zero ? responseTime * Factor : TimeSpan.Zero;
        return scaled < Floor ? Floor : scaled > Ceiling ? Ceiling : scaled;
    }
}

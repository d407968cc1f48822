namespace OrleansCrawler.Core.Politeness;

/// <summary>How gently each authority is treated. Concurrency per authority is the frontier's worker cap.</summary>
/// <param name="MinDelay">Least time between the starts of two requests to one authority (0 = none; the
/// benchmarks want speed, so that is the default and politeness comes from the per-host concurrency cap).</param>
/// <param name="HostDelays">Per-host overrides of <paramref name="MinDelay"/>, keyed by authority
/// (<c>host:port</c>) or by host name alone.</param>
/// <param name="MaxCrawlDelay">robots.txt Crawl-delay above this is capped to it.</param>
/// <remarks>The CLI's default is <see cref="Adaptive"/> (<c>--delay auto</c>); a job built in code keeps no delay unless it asks.</remarks>
public sealed record PolitenessOptions(TimeSpan MinDelay, IReadOnlyDictionary<string, TimeSpan> HostDelays, TimeSpan MaxCrawlDelay)
{
    public static readonly TimeSpan DefaultMaxCrawlDelay = TimeSpan.FromSeconds(30);

    public static PolitenessOptions Default { get; } = new(TimeSpan.Zero, new Dictionary<string, TimeSpan>(), DefaultMaxCrawlDelay);

    /// <summary>The delay of hosts without an override follows their response times (null: <see cref="MinDelay"/> holds).
    /// A per-host override is a fixed delay.</summary>
    public AdaptiveDelay? Adaptive { get; init; }

    /// <summary>The politeness clock of a newly seen authority.</summary>
    public HostPoliteness NewHost(string authority) =>
        TryOverride(authority, out var delay) ? new HostPoliteness(delay, MaxCrawlDelay) : new HostPoliteness(MinDelay, MaxCrawlDelay, Adaptive);

    /// <summary>The configured delay of an authority: its own override, else its host's, else <see cref="MinDelay"/>.</summary>
    public TimeSpan DelayFor(string authority) => TryOverride(authority, out var delay) ? delay : MinDelay;

    private bool TryOverride(string authority, out TimeSpan delay)
    {
        if (HostDelays.TryGetValue(authority, out delay))
        {
            return true;
        }

        var colon = authority.LastIndexOf(':');
        var host = colon > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
        return HostDelays.TryGetValue(host, out delay);
    }
}

using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Robots;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>robots.txt of the URL's authority from the partition's <see cref="RobotsCache"/> (RFC 9309: fetched once,
/// 4xx allow all, 5xx or unreachable disallow all and retried later; a host belongs to one partition, so the cache holds
/// cluster-wide). Passes robots.txt's Crawl-delay to the host's politeness clock; a disallowed URL is settled as
/// <see cref="CrawlOutcome.RobotsDenied"/>, not stored. Span <c>robots</c>.</summary>
public sealed class RobotsStage(RobotsCache robots) : IUrlStage
{
    public string Name => "robots";

    /// <summary>The job's robots.txt answers on this partition (the web console's hosts view peeks at them).</summary>
    public RobotsCache Cache => robots;

    public async ValueTask<StageStop?> RunAsync(UrlContext url)
    {
        RobotsEntry rules;
        bool allowed;
        using (var span = Source.StartActivity(Spans.Robots))
        {
            rules = await robots.GetAsync(url.Url);
            allowed = rules.IsAllowed(url.Url.PathAndQuery);
            span?.SetTag(Attributes.Host, url.Entry.Authority).SetTag(Attributes.Allowed, allowed);
        }

        url.Robots = rules;
        url.Host.SetCrawlDelay(rules.CrawlDelay);
        return allowed ? null : StageStop.Settle(CrawlOutcome.RobotsDenied, StageStop.RobotsDisallowed);
    }
}

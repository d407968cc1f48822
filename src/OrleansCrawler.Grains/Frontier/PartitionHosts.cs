using System.Collections.Immutable;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Stages;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>A partition's hosts for the web console: the frontier's queues and politeness clocks, and the robots.txt
/// answer cached for each host.</summary>
public static class PartitionHosts
{
    public static ImmutableArray<HostView> Of(PartitionCrawler crawler, DateTimeOffset now)
    {
        var robots = crawler.Stages.OfType<RobotsStage>().FirstOrDefault()?.Cache;
        return [.. crawler.Frontier.Hosts().Select(h =>
        {
            var p = h.Politeness;
            var entry = robots is null ? null : robots.Peek(new Uri("http://" + h.Authority)) ?? robots.Peek(new Uri("https://" + h.Authority));
            return new HostView(h.Authority, crawler.Partition, h.Queued, h.Workers, p.Delay, State(p.Status),
                p.NotBefore > now ? p.NotBefore : null, p.Parks, p.GivenUpReason,
                entry is null ? null : $"{entry.Outcome.ToString().ToLowerInvariant()} ({entry.Status})", entry?.CrawlDelay);
        })];
    }

    private static string State(HostStatus status) => status switch
    {
        HostStatus.Parked => "parked",
        HostStatus.GivenUp => "given-up",
        _ => "active",
    };
}

using System.ComponentModel.DataAnnotations;

namespace OrleansCrawler.Core.Robots;

/// <summary>How robots.txt answers are cached and how far Crawl-delay is honoured (section "Crawler:Robots").</summary>
public sealed class RobotsOptions
{
    public const string SectionName = "Crawler:Robots";

    /// <summary>How long a 2xx or 4xx answer is used before robots.txt is fetched again (RFC 9309 §2.4: not
    /// more than 24 hours unless unreachable).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CacheExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>After a 5xx or no answer everything is disallowed until robots.txt is fetched again: first after
    /// this delay, then after twice the previous one, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A longer Crawl-delay in robots.txt is cut to this, so one host cannot stall its partition.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxCrawlDelay { get; set; } = TimeSpan.FromSeconds(30);
}

using System.ComponentModel.DataAnnotations;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>How pages are fetched (section "Crawler:Fetcher").</summary>
public sealed class FetcherOptions
{
    public const string SectionName = "Crawler:Fetcher";

    [Required]
    public string UserAgent { get; set; } = "OrleansCrawler/0.1 (+https://github.com/orleans-crawler)";

    /// <summary>Whole request, headers and body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bodies larger than this are cut off and the fetch reported as failed.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Connections kept per authority; per-host politeness caps requests below this anyway.</summary>
    [Range(1, 1024)]
    public int MaxConnectionsPerServer { get; set; } = 16;
}

using System.ComponentModel.DataAnnotations;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>How pages are fetched (section "Crawler:Fetcher").</summary>
public sealed class FetcherOptions
{
    public const string SectionName = "Crawler:Fetcher";

    [Required]
    public string UserAgent { get; set; } = "OrleansCrawler/0.1";

    /// <summary>Whole fetch: every redirect hop, headers and body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect (per address tried).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>From sending a request to its response headers.</summary>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bodies larger than this, after decompression, are cut off at this size and the fetch reported as
    /// "too-large". The compressed bytes received are bounded by the same number.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Same-authority redirects followed; a redirect to another authority is reported, not followed.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>A body arriving slower than this over <see cref="SlowBodyWindow"/> (or not at all for a whole window)
    /// is abandoned as "slow-body" (0 = no floor).</summary>
    [Range(0, int.MaxValue)]
    public int SlowBodyMinBytesPerSecond { get; set; } = 1024;

    public TimeSpan SlowBodyWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Media types whose bodies are decoded to text (HTML is parsed, the others stored as text for
    /// robots.txt and sitemaps); any other type is recorded (status, type, size) but not decoded.</summary>
    public string[] TextContentTypes { get; set; } = ["text/html", "application/xhtml+xml", "text/plain", "text/xml", "application/xml"];

    /// <summary>How long a DNS answer is reused.</summary>
    public TimeSpan DnsCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>With an archive (WARC) on, a content-coded body's bytes as received are recorded as they arrive: this
    /// many in memory, the rest in a temporary file in <see cref="SpoolDirectory"/>, unlinked as soon as it is opened.
    /// (A body without a content coding is archived from the buffer the parser reads: it is never held twice.)</summary>
    [Range(0, int.MaxValue)]
    public int ArchiveMemoryBytes { get; set; } = 64 * 1024;

    /// <summary>Where recorded bodies spill (default: the system's temporary folder).</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Connections kept per authority; per-host politeness caps requests below this anyway.</summary>
    [Range(1, 1024)]
    public int MaxConnectionsPerServer { get; set; } = 16;
}

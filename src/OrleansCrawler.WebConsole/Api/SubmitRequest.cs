namespace OrleansCrawler.WebConsole.Api;

/// <summary>A crawl to submit (<c>POST /api/jobs</c>): the seeds as the text of a seeds file and the main options of
/// <c>ocrawl submit</c>, named as there without the dashes; a missing option takes the CLI's default.</summary>
/// <param name="Seeds">One URL per line; '#' comments and blank lines allowed (the seeds file format).</param>
/// <param name="DelayMs">Least milliseconds between two requests to one host; null: <c>auto</c> (adaptive, 1 s floor).</param>
/// <param name="Scope">host, domain or any.</param>
/// <param name="Content">none, text, markdown or html.</param>
/// <param name="Extract">The text of a <c>--extract</c> rules file (YAML, docs/fields.md); problems name its line.</param>
/// <param name="SkipDuplicates">Do not follow a duplicate page's links (implies <paramref name="Dedup"/>).</param>
/// <param name="Warc">Archive the crawl as WARC files in the folder named for the job under each silo's
/// <c>Crawler:Warc:Directory</c> (what <c>ocrawl submit --warc JOB_ID</c> does; a web user never names a path).</param>
/// <param name="TimeoutMs">Whole fetch of one URL (<c>--timeout</c>), in milliseconds.</param>
/// <param name="MaxCrawlDelayMs">Cap on robots.txt Crawl-delay (<c>--max-crawl-delay</c>), in milliseconds.</param>
public sealed record SubmitRequest(
    string? Seeds,
    string? JobId = null,
    int? MaxPages = null,
    int? MaxDepth = null,
    string? Scope = null,
    int? Concurrency = null,
    int? PerHost = null,
    int? DelayMs = null,
    string[]? Include = null,
    string[]? Exclude = null,
    int? Partitions = null,
    string? UserAgent = null,
    string? Contact = null,
    bool? Links = null,
    string? Content = null,
    bool? Dedup = null,
    bool? AllowPrivate = null,
    string? Extract = null,
    bool? SkipDuplicates = null,
    bool? Warc = null,
    int? MaxPathVariants = null,
    int? MaxQueryVariants = null,
    int? HostBudget = null,
    int? Retries = null,
    int? HostRetries = null,
    int? MaxUrlLength = null,
    int? TimeoutMs = null,
    int? MaxBodyBytes = null,
    int? MaxCrawlDelayMs = null);

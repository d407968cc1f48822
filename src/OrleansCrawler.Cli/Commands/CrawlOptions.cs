using System.Collections.Immutable;
using System.CommandLine;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Cli.Commands;

/// <summary>The crawl options shared by the commands that start a job, and their mapping onto <see cref="JobSpec"/>.</summary>
public sealed class CrawlOptions
{
    public Option<int> MaxPages { get; } = new("--max-pages") { Description = "Stop after fetching this many URLs (0 = no limit)", DefaultValueFactory = _ => 0 };

    public Option<int> MaxDepth { get; } = new("--max-depth") { Description = "Follow links at most this deep; seeds are depth 0 (-1 = no limit)", DefaultValueFactory = _ => -1 };

    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "Most fetches in flight", DefaultValueFactory = _ => JobSpec.DefaultConcurrency };

    public Option<int> PerHost { get; } = new("--per-host") { Description = "Most fetches in flight per host", DefaultValueFactory = _ => JobSpec.DefaultPerHostConcurrency };

    public Option<ScopeKind> Scope { get; } = new("--scope") { Description = "Which links to follow: host (same host as a seed), domain, any", DefaultValueFactory = _ => ScopeKind.Host };

    public Option<string[]> Include { get; } = new("--include") { Description = "Follow only URLs matching one of these regexes", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Never follow URLs matching these regexes", AllowMultipleArgumentsPerToken = false };

    public Option<int> Partitions { get; } = new("--partitions") { Description = "Partitions the hosts are spread over", DefaultValueFactory = _ => JobSpec.DefaultPartitionCount };

    public Option<string> UserAgent { get; } = new("--user-agent") { Description = "User-Agent sent and matched in robots.txt", DefaultValueFactory = _ => JobSpec.DefaultUserAgent };

    public Option<bool> Sitemaps { get; } = new("--sitemaps") { Description = "Also crawl the in-scope URLs of the seeds' sitemaps (robots.txt Sitemap: lines, /sitemap.xml), at depth 1" };

    public Option<TimeSpan> Delay { get; } = Durations.Option("--delay", "Least time between two requests to one host, e.g. 250ms (0 = none)", TimeSpan.Zero);

    public Option<string[]> HostDelay { get; } = new("--host-delay") { Description = "Per-host delay, HOST[:PORT]=DURATION, e.g. example.com=1s (repeatable)", AllowMultipleArgumentsPerToken = false };

    public Option<TimeSpan> MaxCrawlDelay { get; } = Durations.Option("--max-crawl-delay", "Cap on robots.txt Crawl-delay", TimeSpan.FromSeconds(30));

    public Option<int> Retries { get; } = new("--retries") { Description = "Retries per URL after 429, 5xx or a network failure", DefaultValueFactory = _ => 3 };

    public Option<int> HostRetries { get; } = new("--host-retries") { Description = "Retries per host over the whole job", DefaultValueFactory = _ => 100 };

    public Option<int> MaxUrlLength { get; } = new("--max-url-length") { Description = "Longest URL fetched", DefaultValueFactory = _ => 2048 };

    public Option<int> HostBudget { get; } = new("--host-budget") { Description = "Most URLs fetched per host (0 = no limit)", DefaultValueFactory = _ => 0 };

    public Option<int> MaxQueryVariants { get; } = new("--max-query-variants") { Description = "Most URLs per host differing only in the numbers of their query (calendar traps)", DefaultValueFactory = _ => 100 };

    public Option<bool> AllowPrivate { get; } = new("--allow-private") { Description = "Also fetch loopback, private and link-local addresses reached by links or redirects (seed hosts always may)" };

    public Option<TimeSpan> Timeout { get; } = Durations.Option("--timeout", "Whole fetch of one URL, redirects and body included", TimeSpan.FromSeconds(30));

    public Option<int> MaxBodyBytes { get; } = new("--max-body-bytes") { Description = "Largest body kept, after decompression", DefaultValueFactory = _ => 10 * 1024 * 1024 };

    public Option<bool> Links { get; } = new("--links") { Description = "Keep the link graph: every outlink of every page (anchor text, rel, in scope); ocrawl export --format links" };

    public Option<string> Content { get; } = new Option<string>("--content")
    {
        Description = "Keep each HTML page's main content without boilerplate, with its language and word count: none, text, markdown or html; ocrawl export --format jsonl",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("none", "text", "markdown", "html");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            MaxPages, MaxDepth, Concurrency, PerHost, Scope, Include, Exclude, Partitions, UserAgent, Delay, HostDelay, MaxCrawlDelay,
            Retries, HostRetries, MaxUrlLength, HostBudget, MaxQueryVariants, AllowPrivate, Timeout, MaxBodyBytes, Sitemaps,
            Links,
            Content,
        })
        {
            command.Options.Add(option);
        }

        MaxPages.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--max-pages must be 0 or more."); } });
        MaxDepth.Validators.Add(r => { if (r.GetValueOrDefault<int>() < -1) { r.AddError("--max-depth must be -1 or more."); } });
        Concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--concurrency must be at least 1."); } });
        PerHost.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--per-host must be at least 1."); } });
        Partitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 4096) { r.AddError("--partitions must be between 1 and 4096."); } });
        Retries.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--retries must be 0 or more."); } });
        HostRetries.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--host-retries must be 0 or more."); } });
        MaxUrlLength.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 16) { r.AddError("--max-url-length must be at least 16."); } });
        HostBudget.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--host-budget must be 0 or more."); } });
        MaxQueryVariants.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--max-query-variants must be at least 1."); } });
        MaxBodyBytes.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1024) { r.AddError("--max-body-bytes must be at least 1024."); } });
        HostDelay.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (!TryParseHostDelay(token.Value, out _, out _))
                {
                    r.AddError($"--host-delay: '{token.Value}' is not HOST=DURATION (e.g. example.com=1s).");
                }
            }
        });
    }

    /// <summary>Fetcher settings of the silo that the command line sets.</summary>
    public Dictionary<string, string?> ToFetcherSettings(ParseResult result) => new()
    {
        ["Crawler:Fetcher:UserAgent"] = result.GetValue(UserAgent) ?? JobSpec.DefaultUserAgent,
        ["Crawler:Fetcher:Timeout"] = result.GetValue(Timeout).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Crawler:Fetcher:MaxBodyBytes"] = result.GetValue(MaxBodyBytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool TryParseHostDelay(string text, out string host, out TimeSpan delay)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        host = parts[0].ToLowerInvariant();
        delay = TimeSpan.Zero;
        return parts.Length == 2 && host.Length > 0 && Durations.TryParse(parts[1], out delay);
    }

    public JobSpec ToSpec(ParseResult result, IReadOnlyList<string> seeds) => new JobSpec(
        [.. seeds],
        result.GetValue(MaxPages),
        result.GetValue(MaxDepth),
        result.GetValue(Scope),
        [.. result.GetValue(Include) ?? []],
        [.. result.GetValue(Exclude) ?? []],
        result.GetValue(Concurrency),
        result.GetValue(PerHost),
        result.GetValue(Partitions),
        result.GetValue(UserAgent) ?? JobSpec.DefaultUserAgent)
    {
        MinDelay = result.GetValue(Delay),
        HostDelays = (result.GetValue(HostDelay) ?? []).Select(t => TryParseHostDelay(t, out var h, out var d) ? (h, d) : default)
            .Where(p => p.h is not null).ToImmutableDictionary(p => p.h, p => p.d),
        MaxCrawlDelay = result.GetValue(MaxCrawlDelay),
        MaxRetries = result.GetValue(Retries),
        HostRetryBudget = result.GetValue(HostRetries),
        MaxUrlLength = result.GetValue(MaxUrlLength),
        HostPageBudget = result.GetValue(HostBudget),
        MaxQueryVariants = result.GetValue(MaxQueryVariants),
        AllowPrivate = result.GetValue(AllowPrivate),
        LinkGraph = result.GetValue(Links),
        Content = result.GetValue(Content) is "none" or null ? null : result.GetValue(Content),
    };
}

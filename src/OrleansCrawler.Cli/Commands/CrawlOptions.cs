using System.Collections.Immutable;
using System.CommandLine;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Grains.Jobs;

namespace OrleansCrawler.Cli.Commands;

/// <summary>The crawl options shared by the commands that start a job, and their mapping onto <see cref="JobSpec"/>.</summary>
public sealed class CrawlOptions
{
    public Option<int> MaxPages { get; } = Numbers.Option("--max-pages", "Stop after fetching this many URLs (0 = no limit)", 0, min: 0);

    public Option<int> MaxDepth { get; } = Numbers.Option("--max-depth", "Follow links at most this deep; seeds are depth 0 (-1 = no limit)", -1, min: -1);

    public Option<int> Concurrency { get; } = Numbers.Option("--concurrency", "Most fetches in flight", JobSpec.DefaultConcurrency, min: 1);

    public Option<int> PerHost { get; } = Numbers.Option("--per-host", "Most fetches in flight per host", JobSpec.DefaultPerHostConcurrency, min: 1);

    public Option<ScopeKind> Scope { get; } = Numbers.Choice("--scope", "Which links to follow: host (same host as a seed), domain, any", ScopeKind.Host);

    public Option<string[]> Include { get; } = new("--include") { Description = "Follow only URLs matching one of these regexes", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Never follow URLs matching these regexes", AllowMultipleArgumentsPerToken = false };

    public Option<int> Partitions { get; } = Numbers.Option("--partitions", "Partitions the hosts are spread over", JobSpec.DefaultPartitionCount, min: 1, max: 4096);

    public Option<string> UserAgent { get; } = new("--user-agent") { Description = "User-Agent sent with every request and matched in robots.txt (default: OrleansCrawler/0.1, with --contact in it)" };

    public Option<string> Contact { get; } = new("--contact") { Description = "Your URL or e-mail, put in the default User-Agent as \"OrleansCrawler/0.1 (+CONTACT)\" so site owners can reach you" };

    public Option<bool> Sitemaps { get; } = new("--sitemaps") { Description = "Also crawl the in-scope URLs of the seeds' sitemaps (robots.txt Sitemap: lines, /sitemap.xml), at depth 1" };

    public Option<DelayChoice> Delay { get; } = Durations.OrAuto("--delay",
        "Least time between two requests to one host: auto (the default, polite to real sites: 3 x the host's last response time, "
        + "at least 1s, at most 15s), 0 (none: for your own test sites and benchmarks) or a fixed duration, e.g. 250ms. "
        + "robots.txt Crawl-delay wins when it is larger");

    public Option<string[]> HostDelay { get; } = new("--host-delay") { Description = "Per-host delay, HOST[:PORT]=DURATION, e.g. example.com=1s (repeatable)", AllowMultipleArgumentsPerToken = false };

    public Option<TimeSpan> MaxCrawlDelay { get; } = Durations.Option("--max-crawl-delay", "Cap on robots.txt Crawl-delay", TimeSpan.FromSeconds(30));

    public Option<int> Retries { get; } = Numbers.Option("--retries", "Retries per URL after 429, 5xx or a network failure", 3, min: 0);

    public Option<int> HostRetries { get; } = Numbers.Option("--host-retries", "Retries per host over the whole job", 100, min: 0);

    public Option<int> MaxUrlLength { get; } = Numbers.Option("--max-url-length", "Longest URL fetched", 2048, min: 16);

    public Option<int> HostBudget { get; } = Numbers.Option("--host-budget", "Most URLs fetched per host (0 = no limit)", 0, min: 0);

    public Option<int> MaxQueryVariants { get; } = Numbers.Option("--max-query-variants", "Most URLs per host differing only in the numbers of their query (calendar traps)", 100, min: 1);

    public Option<int> MaxPathVariants { get; } = Numbers.Option("--max-path-variants", "Most URLs per host whose paths differ only in their numbers, e.g. /cal/2026/01/ (path traps; raise it for sites of numbered pages)", 1000, min: 1);

    public Option<bool> AllowPrivate { get; } = new("--allow-private") { Description = "Also fetch loopback, private and link-local addresses reached by links or redirects (seed hosts always may)" };

    public Option<TimeSpan> Timeout { get; } = Durations.Option("--timeout", "Whole fetch of one URL, redirects and body included", TimeSpan.FromSeconds(30), positive: true);

    public Option<int> MaxBodyBytes { get; } = Numbers.Option("--max-body-bytes", "Largest body kept, after decompression", 10 * 1024 * 1024, min: 1024);

    // Near duplicates (docs/dedup.md)
    public Option<bool> Dedup { get; } = new("--dedup") { Description = "Record, for each HTML page, the first earlier page with the same body or nearly the same main text (SimHash within 3 bits) as duplicateOf" };

    public Option<bool> SkipDuplicates { get; } = new("--skip-duplicates") { Description = "Do not follow the links of a duplicate page (implies --dedup; its links are still recorded with --links)" };

    public Option<bool> Links { get; } = new("--links") { Description = "Keep the link graph: every outlink of every page (anchor text, rel, in scope); ocrawl export --format links" };

    // WARC archive (docs/warc.md)
    public Option<string> Warc { get; } = new("--warc") { Description = "Archive every request and response as WARC/1.1 (.warc.gz) files in this folder (on the silo, for submit)" };

    public Option<long> WarcRotate { get; } = new("--warc-rotate")
    {
        Description = "Start a new WARC file once one reaches this size, e.g. 1GB, 100MB (default 1GB)",
        DefaultValueFactory = _ => WarcDefaultRotate,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (Sizes.TryParse(text, out var bytes) && bytes >= 1024)
            {
                return bytes;
            }

            result.AddError($"--warc-rotate: '{text}' is not a size of at least 1KB; use e.g. 1GB, 100MB, 64KB or a number of bytes.");
            return WarcDefaultRotate;
        },
    };

    private const long WarcDefaultRotate = 1L << 30;

    // Page content (docs/content.md)
    public Option<string> Content { get; } = new Option<string>("--content")
    {
        Description = "Keep each HTML page's main content without boilerplate, with its language and word count: none, text, markdown or html; ocrawl export --format jsonl",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("none", "text", "markdown", "html");

    // Fields from CSS selectors (docs/fields.md): the rules file is read and checked at parse time, before anything is
    // fetched; a problem is one line "file:line: what is wrong" and exit code 2.
    public Option<string?> Extract { get; } = new("--extract")
    {
        Description = "Extract fields from pages by CSS selectors, per a YAML rules file (docs/fields.md); results carry a fields object",
        Validators =
        {
            r =>
            {
                try
                {
                    FieldRulesFile.Load(r.Tokens[^1].Value);
                }
                catch (FieldRulesException e)
                {
                    r.AddError(e.Message);
                }
            },
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Warc);
        command.Options.Add(WarcRotate);
        Warc.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && (string.IsNullOrWhiteSpace(r.Tokens[^1].Value) || File.Exists(r.Tokens[^1].Value)))
            {
                r.AddError($"--warc: '{r.Tokens[^1].Value}' is not a folder.");
            }
        });

        command.Options.Add(Content);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        Commands.AddOrUpdate(command, this);

        UserAgent.Validators.Add(r => CheckHeaderText(r, "--user-agent", contact: false));
        Contact.Validators.Add(r => CheckHeaderText(r, "--contact", contact: true));
        HostDelay.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (!TryParseHostDelay(token.Value, out _, out _))
                {
                    r.AddError($"--host-delay: '{token.Value}' is not HOST=DURATION (e.g. example.com=1s).");
                    return;
                }
            }
        });
    }

    /// <summary>Fetcher settings of the silo that the command line sets.</summary>
    public Dictionary<string, string?> ToFetcherSettings(ParseResult result) => new()
    {
        ["Crawler:Fetcher:UserAgent"] = UserAgentOf(result),
        ["Crawler:Fetcher:Timeout"] = result.GetValue(Timeout).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Crawler:Fetcher:MaxBodyBytes"] = result.GetValue(MaxBodyBytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void CheckHeaderText(System.CommandLine.Parsing.OptionResult r, string name, bool contact)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
        if (!CrawlerUserAgent.IsValid(text, contact))
        {
            r.AddError($"{name}: '{text.ReplaceLineEndings(" ")}' cannot go in a User-Agent header (empty, control characters{(contact ? " or parentheses" : "")}).");
        }
    }

    /// <summary>The User-Agent of the job: <c>--user-agent</c> as given, else the default with <c>--contact</c>.</summary>
    public string UserAgentOf(ParseResult result) => result.GetValue(UserAgent) ?? CrawlerUserAgent.With(result.GetValue(Contact));

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
        UserAgentOf(result))
    {
        MinDelay = result.GetValue(Delay).Fixed ?? TimeSpan.Zero,
        AdaptiveDelay = result.GetValue(Delay).IsAuto,
        HostDelays = (result.GetValue(HostDelay) ?? []).Select(t => TryParseHostDelay(t, out var h, out var d) ? (h, d) : default)
            .Where(p => p.h is not null).ToImmutableDictionary(p => p.h, p => p.d),
        MaxCrawlDelay = result.GetValue(MaxCrawlDelay),
        MaxRetries = result.GetValue(Retries),
        HostRetryBudget = result.GetValue(HostRetries),
        MaxUrlLength = result.GetValue(MaxUrlLength),
        HostPageBudget = result.GetValue(HostBudget),
        MaxQueryVariants = result.GetValue(MaxQueryVariants),
        MaxPathVariants = result.GetValue(MaxPathVariants),
        AllowPrivate = result.GetValue(AllowPrivate),
        LinkGraph = result.GetValue(Links),
        FetchTimeout = result.GetValue(Timeout),
        MaxBodyBytes = result.GetValue(MaxBodyBytes),
        Sitemaps = result.GetValue(Sitemaps),
        WarcDirectory = result.GetValue(Warc),
        WarcRotateBytes = result.GetValue(WarcRotate),
        Content = result.GetValue(Content) is "none" or null ? null : result.GetValue(Content),
        ExtractRules = result.GetValue(Extract) is { } rules ? FieldRulesMapper.ToSpec(FieldRulesFile.Load(rules)) : [],
        Dedup = result.GetValue(Dedup) || result.GetValue(SkipDuplicates),
        SkipDuplicates = result.GetValue(SkipDuplicates),
    };

    /// <summary>The one mapping of the crawl options for <c>run</c> and <c>submit</c>: <see cref="ToSpec"/>, then, with
    /// <c>--sitemaps</c>, the seeds' sitemaps read into <see cref="JobSpec.SitemapSeeds"/>.</summary>
    public async Task<JobSpec> ToSpecAsync(ParseResult result, IReadOnlyList<string> seeds, CancellationToken cancellationToken)
    {
        var spec = ToSpec(result, seeds);
        if (spec.Sitemaps)
        {
            spec = spec with { SitemapSeeds = await SitemapSeeds.DiscoverAsync(spec, cancellationToken) };
            Console.Error.WriteLine($"Sitemaps: {spec.SitemapSeeds.Length:N0} in-scope URL(s) added at depth 1");
        }

        return spec;
    }

    /// <summary>Every crawl option, for tests that check each one reaches the spec the same way on every command.</summary>
    public IReadOnlyList<Option> All =>
    [
        MaxPages, MaxDepth, Concurrency, PerHost, Scope, Include, Exclude, Partitions, UserAgent, Contact, Delay, HostDelay, MaxCrawlDelay,
        Retries, HostRetries, MaxUrlLength, HostBudget, MaxQueryVariants, MaxPathVariants, AllowPrivate, Timeout, MaxBodyBytes, Sitemaps, Links,
        Extract,
        Dedup, SkipDuplicates,
    ];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Command, CrawlOptions> Commands = new();

    /// <summary>The crawl options added to <paramref name="command"/> (null if it has none).</summary>
    public static CrawlOptions? Of(Command command) => Commands.TryGetValue(command, out var options) ? options : null;
}

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

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { MaxPages, MaxDepth, Concurrency, PerHost, Scope, Include, Exclude, Partitions, UserAgent, Sitemaps })
        {
            command.Options.Add(option);
        }

        MaxPages.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--max-pages must be 0 or more."); } });
        MaxDepth.Validators.Add(r => { if (r.GetValueOrDefault<int>() < -1) { r.AddError("--max-depth must be -1 or more."); } });
        Concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--concurrency must be at least 1."); } });
        PerHost.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--per-host must be at least 1."); } });
        Partitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 4096) { r.AddError("--partitions must be between 1 and 4096."); } });
    }

    public JobSpec ToSpec(ParseResult result, IReadOnlyList<string> seeds) => new(
        [.. seeds],
        result.GetValue(MaxPages),
        result.GetValue(MaxDepth),
        result.GetValue(Scope),
        [.. result.GetValue(Include) ?? []],
        [.. result.GetValue(Exclude) ?? []],
        result.GetValue(Concurrency),
        result.GetValue(PerHost),
        result.GetValue(Partitions),
        result.GetValue(UserAgent) ?? JobSpec.DefaultUserAgent);
}

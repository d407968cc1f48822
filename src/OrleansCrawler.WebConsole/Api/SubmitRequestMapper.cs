using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Scope;
using OrleansCrawler.Core.Seeds;
using OrleansCrawler.Grains.Jobs;

namespace OrleansCrawler.WebConsole.Api;

/// <summary>Checks a <see cref="SubmitRequest"/> and maps it onto a <see cref="JobSpec"/> with the limits and defaults of
/// <c>ocrawl submit</c>, through the same checks: the seeds file parser, <see cref="CrawlScope"/> for the regexes,
/// <see cref="CrawlerUserAgent"/> for the header text, <see cref="FieldRulesFile"/> and <see cref="FieldRulesMapper"/> for
/// the extraction rules. Problems come back by field, each naming the value. Defaults are <see cref="JobSpec"/>'s, which
/// are the CLI's.</summary>
public static partial class SubmitRequestMapper
{
    private static readonly JobSpec Defaults = new([], 0, -1, ScopeKind.Host, [], [], 1, 1, 1, JobSpec.DefaultUserAgent);

    /// <param name="jobId">The job's id (the request's or a generated one): names its WARC folder.</param>
    public static (JobSpec? Spec, Dictionary<string, string[]> Problems) Map(SubmitRequest request, string submittedBy, string jobId)
    {
        var problems = new Dictionary<string, string[]>();
        void Problem(string field, string message) => problems[field] = [message];

        IReadOnlyList<string> seeds = [];
        try
        {
            seeds = SeedFileParser.Parse(new StringReader(request.Seeds ?? ""), "seeds");
        }
        catch (SeedFileException ex)
        {
            Problem("seeds", ex.Message);
        }

        if (request.JobId is { } id && !JobIdPattern().IsMatch(id))
        {
            Problem("jobId", $"'{id}' is not 1-100 letters, digits, '.', '_' or '-' starting with a letter or digit.");
        }

        var maxPages = AtLeast(request.MaxPages, 0, 0, "maxPages");
        var maxDepth = AtLeast(request.MaxDepth, -1, -1, "maxDepth");
        var concurrency = AtLeast(request.Concurrency, JobSpec.DefaultConcurrency, 1, "concurrency");
        var perHost = AtLeast(request.PerHost, JobSpec.DefaultPerHostConcurrency, 1, "perHost");
        var partitions = AtLeast(request.Partitions, JobSpec.DefaultPartitionCount, 1, "partitions");
        if (partitions > 4096)
        {
            Problem("partitions", $"'{partitions}' is more than 4096.");
        }

        var delayMs = AtLeast(request.DelayMs, 0, 0, "delayMs");
        var maxPathVariants = AtLeast(request.MaxPathVariants, Defaults.MaxPathVariants, 1, "maxPathVariants");
        var maxQueryVariants = AtLeast(request.MaxQueryVariants, Defaults.MaxQueryVariants, 1, "maxQueryVariants");
        var hostBudget = AtLeast(request.HostBudget, Defaults.HostPageBudget, 0, "hostBudget");
        var retries = AtLeast(request.Retries, Defaults.MaxRetries, 0, "retries");
        var hostRetries = AtLeast(request.HostRetries, Defaults.HostRetryBudget, 0, "hostRetries");
        var maxUrlLength = AtLeast(request.MaxUrlLength, Defaults.MaxUrlLength, 16, "maxUrlLength");
        var maxBodyBytes = AtLeast(request.MaxBodyBytes, Defaults.MaxBodyBytes, 1024, "maxBodyBytes");
        var timeout = request.TimeoutMs is null ? Defaults.FetchTimeout : TimeSpan.FromMilliseconds(AtLeast(request.TimeoutMs, 0, 1, "timeoutMs"));
        var maxCrawlDelay = request.MaxCrawlDelayMs is null ? Defaults.MaxCrawlDelay
            : TimeSpan.FromMilliseconds(AtLeast(request.MaxCrawlDelayMs, 0, 0, "maxCrawlDelayMs"));
        ScopeKind scope = ScopeKind.Host;
        if (request.Scope is { } s && !Enum.TryParse(s, ignoreCase: true, out scope))
        {
            Problem("scope", $"'{s}' is not host, domain or any.");
        }

        if (request.Content is { } c && c is not ("none" or "text" or "markdown" or "html"))
        {
            Problem("content", $"'{c}' is not none, text, markdown or html.");
        }

        // The rules are read and checked as the CLI reads a rules file; the first problem names its line ("extract:3: ...").
        IReadOnlyList<FieldRuleSet> rules = [];
        if (!string.IsNullOrWhiteSpace(request.Extract))
        {
            try
            {
                rules = FieldRulesFile.Parse(request.Extract, "extract");
            }
            catch (FieldRulesException ex)
            {
                Problem("extract", ex.Message);
            }
        }

        if (request.UserAgent is { } ua && !CrawlerUserAgent.IsValid(ua, contact: false))
        {
            Problem("userAgent", $"'{ua}' cannot go in a User-Agent header.");
        }

        if (request.Contact is { } contact && !CrawlerUserAgent.IsValid(contact, contact: true))
        {
            Problem("contact", $"'{contact}' cannot go in a User-Agent header.");
        }

        if (seeds.Count > 0)
        {
            try
            {
                _ = new CrawlScope(ScopeMode.Any, seeds, request.Include ?? [], request.Exclude ?? []);
            }
            catch (ArgumentException ex)
            {
                Problem(ex.ParamName ?? "include", ex.Message.Split(" (Parameter")[0]);
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var spec = new JobSpec([.. seeds], maxPages, maxDepth, scope, [.. request.Include ?? []], [.. request.Exclude ?? []],
            concurrency, perHost, partitions, request.UserAgent ?? CrawlerUserAgent.With(request.Contact))
        {
            MinDelay = TimeSpan.FromMilliseconds(delayMs),
            AdaptiveDelay = request.DelayMs is null,
            LinkGraph = request.Links ?? false,
            Content = request.Content is "none" ? null : request.Content,
            Dedup = (request.Dedup ?? false) || (request.SkipDuplicates ?? false),
            SkipDuplicates = request.SkipDuplicates ?? false,
            ExtractRules = FieldRulesMapper.ToSpec(rules),
            // A relative folder: each silo roots it under its Crawler:Warc:Directory (docs/warc.md, "Clusters").
            WarcDirectory = request.Warc is true ? jobId : null,
            MaxPathVariants = maxPathVariants,
            MaxQueryVariants = maxQueryVariants,
            HostPageBudget = hostBudget,
            MaxRetries = retries,
            HostRetryBudget = hostRetries,
            MaxUrlLength = maxUrlLength,
            MaxBodyBytes = maxBodyBytes,
            FetchTimeout = timeout,
            MaxCrawlDelay = maxCrawlDelay,
            AllowPrivate = request.AllowPrivate ?? false,
            SubmittedBy = submittedBy,
        };
        return (spec, problems);

        int AtLeast(int? value, int fallback, int min, string field)
        {
            if (value is { } v && v < min)
            {
                Problem(field, $"'{v}' is less than {min}.");
            }

            return value ?? fallback;
        }
    }

    // Starts with a letter or digit: an id is also a WARC folder name, never "." or "..".
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex JobIdPattern();
}

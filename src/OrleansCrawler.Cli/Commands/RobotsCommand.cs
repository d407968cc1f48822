using System.CommandLine;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Infrastructure.Http;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl robots check</c>: runs URLs through the crawler's own robots.txt matcher, against a local file
/// or each URL's live robots.txt (fetched and interpreted as a crawl does: 4xx allow all, 5xx disallow all).</summary>
public static class RobotsCommand
{
    public static Command Create()
    {
        var robots = new Command("robots", "Debug robots.txt handling");
        robots.Subcommands.Add(CreateCheck());
        return robots;
    }

    private static Command CreateCheck()
    {
        var urls = new Argument<string[]>("URL") { Description = "Absolute http(s) URLs to check", Arity = ArgumentArity.OneOrMore };
        var file = new Option<FileInfo?>("--robots") { Description = "A robots.txt file to check against" };
        var fetch = new Option<bool>("--fetch") { Description = "Fetch the live robots.txt of each URL's authority instead" };
        var agent = new Option<string>("--agent") { Description = "User-Agent (its product token selects the group; sent with --fetch)", DefaultValueFactory = _ => JobSpec.DefaultUserAgent };

        var command = new Command("check", "Print 'allowed URL' or 'disallowed URL' for each URL");
        command.Arguments.Add(urls);
        command.Options.Add(file);
        command.Options.Add(fetch);
        command.Options.Add(agent);
        command.SetAction(async (result, cancellationToken) =>
        {
            // Checked here rather than in a validator so that bad input exits 2 like the rest of the command.
            if ((result.GetValue(file) is null) == !result.GetValue(fetch))
            {
                Console.Error.WriteLine("error: give either --robots FILE or --fetch");
                return ExitCodes.BadInput;
            }

            var userAgent = result.GetValue(agent) ?? JobSpec.DefaultUserAgent;
            var targets = new List<(string Text, Uri Uri)>();
            foreach (var text in result.GetValue(urls) ?? [])
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    Console.Error.WriteLine($"error: '{text}' is not an absolute http(s) URL");
                    return ExitCodes.BadInput;
                }

                targets.Add((text, uri));
            }

            if (result.GetValue(file) is { } robotsFile)
            {
                if (!robotsFile.Exists)
                {
                    Console.Error.WriteLine($"error: robots file '{robotsFile.FullName}' not found");
                    return ExitCodes.BadInput;
                }

                var rules = RobotsRules.Parse(await File.ReadAllBytesAsync(robotsFile.FullName, cancellationToken), userAgent);
                foreach (var (text, url) in targets)
                {
                    Print(rules.IsAllowed(url.PathAndQuery), text);
                }

                return ExitCodes.Ok;
            }

            using var fetcher = new HttpPageFetcher(new FetcherOptions { UserAgent = userAgent }, TimeProvider.System);
            var cache = new RobotsCache(fetcher, userAgent, new RobotsOptions(), TimeProvider.System);
            var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (text, url) in targets)
            {
                var entry = await cache.GetAsync(url, cancellationToken);
                if (reported.Add(url.GetLeftPart(UriPartial.Authority)))
                {
                    var delay = entry.CrawlDelay is { } d ? $", Crawl-delay {d.TotalSeconds:0.###} s" : "";
                    Console.Error.WriteLine($"{RobotsPolicy.RobotsUrlOf(url)}: status {entry.Status} → {Describe(entry.Outcome)}{delay}");
                }

                Print(entry.IsAllowed(url.PathAndQuery), text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(bool allowed, string url) => Console.WriteLine($"{(allowed ? "allowed" : "disallowed")} {url}");

    private static string Describe(RobotsOutcome outcome) => outcome switch
    {
        RobotsOutcome.Parsed => "parsed",
        RobotsOutcome.Unavailable => "unavailable, everything allowed",
        _ => "unreachable, everything disallowed",
    };
}

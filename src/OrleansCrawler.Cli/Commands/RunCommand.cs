using OrleansCrawler.Core.Ports;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Cli.Progress;
using OrleansCrawler.Core.Seeds;
using OrleansCrawler.Core.Telemetry;
using OrleansCrawler.Infrastructure.Export;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl run</c>: crawl with a silo in this process and SQLite results in the data folder.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var seedsFile = new Argument<FileInfo?>("SEEDS_FILE") { Description = "One URL per line; '#' comments and blank lines allowed", Arity = ArgumentArity.ZeroOrOne };
        var demo = new Option<bool>("--demo") { Description = "Start the built-in test web in this process and crawl it" };
        var demoPages = new Option<int>("--demo-pages") { Description = "Pages of the demo web", DefaultValueFactory = _ => 5000 };
        var demoHosts = new Option<int>("--demo-hosts") { Description = "Hosts of the demo web", DefaultValueFactory = _ => 20 };
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder for results.db", DefaultValueFactory = _ => new DirectoryInfo("crawl-data") };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the results as JSON Lines to this file" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var crawl = new CrawlOptions();
        var trace = new TraceOptions();

        var command = new Command("run", "Crawl from a seeds file with an embedded silo (no services needed)");
        command.Arguments.Add(seedsFile);
        command.Options.Add(demo);
        command.Options.Add(demoPages);
        command.Options.Add(demoHosts);
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(quiet);
        crawl.AddTo(command);
        trace.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(seedsFile) is null && !r.GetValue(demo))
            {
                r.AddError("Give a SEEDS_FILE, or --demo to crawl the built-in test web.");
            }
            else if (r.GetValue(seedsFile) is not null && r.GetValue(demo))
            {
                r.AddError("Give either a SEEDS_FILE or --demo, not both.");
            }
        });

        command.SetAction(async (result, outerToken) =>
        {
            using var signal = new ShutdownSignal(outerToken);
            var cancellationToken = signal.Token;
            TestWeb? web = null;
            try
            {
                IReadOnlyList<string> seeds;
                if (result.GetValue(demo))
                {
                    web = await TestWeb.StartAsync(new TestWebOptions { Pages = result.GetValue(demoPages), Hosts = result.GetValue(demoHosts) }, cancellationToken);
                    Console.Error.WriteLine($"Demo: test web of {result.GetValue(demoPages):N0} pages on {web.Seeds.Count} hosts ({web.Seeds[0]} ...)");
                    seeds = SeedFileParser.Parse(new StringReader(string.Join('\n', web.Seeds)), "demo");
                }
                else
                {
                    seeds = SeedFileParser.ParseFile(result.GetValue(seedsFile)!.FullName);
                }

                var spec = crawl.ToSpec(result, seeds);
                if (result.GetValue(crawl.Sitemaps))
                {
                    spec = spec with { SitemapSeeds = await SitemapSeeds.DiscoverAsync(spec, cancellationToken) };
                    Console.Error.WriteLine($"Sitemaps: {spec.SitemapSeeds.Length:N0} in-scope URL(s) added at depth 1");
                }

                var settings = crawl.ToFetcherSettings(result);
                foreach (var (key, value) in trace.ToSettings(result))
                {
                    settings[key] = value;
                }

                return await CrawlAsync(spec, settings, result.GetValue(data)!, result.GetValue(output), result.GetValue(quiet), cancellationToken);
            }
            catch (SeedFileException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (ArgumentException ex) when (ex.Message.Contains("regex", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("pattern", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            finally
            {
                if (web is not null)
                {
                    await web.DisposeAsync();
                }
            }
        });
        return command;
    }

    private static async Task<int> CrawlAsync(JobSpec spec, Dictionary<string, string?> settings, DirectoryInfo data, FileInfo? output, bool quiet,
        CancellationToken cancellationToken)
    {
        // Check the scope's regexes before starting a silo, so a typo is an immediate, clear error.
        _ = new Core.Scope.CrawlScope(Core.Scope.ScopeMode.Any, spec.Seeds, spec.Include, spec.Exclude);
        var jobId = "run-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        await using var crawler = await EmbeddedCrawler.StartAsync(data.FullName, settings, cancellationToken: CancellationToken.None);
        var clock = Stopwatch.StartNew();
        using (var submit = CrawlerTelemetry.Source.StartActivity(CrawlerTelemetry.Spans.Submit))
        {
            submit?.SetTag(CrawlerTelemetry.Attributes.Job, jobId).SetTag(CrawlerTelemetry.Attributes.Seeds, spec.Seeds.Length);
            await crawler.StartJobAsync(jobId, spec);
        }

        Console.Error.WriteLine($"Job {jobId}: {spec.Seeds.Length} seed(s), results in {Path.Combine(data.FullName, "results.db")}");

        var display = quiet ? null : new ProgressDisplay(Console.Error, !Console.IsErrorRedirected, spec.MaxPages);
        JobStatus status;
        try
        {
            status = await crawler.WaitAsync(jobId, s => display?.Report(s), cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop fetching, let in-flight pages finish and be stored, then report what was done.
            Console.Error.WriteLine();
            Console.Error.WriteLine("Interrupted: stopping the crawl ...");
            await crawler.Grains.GetGrain<ICrawlJobGrain>(jobId).CancelAsync();
            status = await crawler.WaitAsync(jobId);
        }

        display?.Finish();
        var elapsed = clock.Elapsed;
        var c = status.Counters;
        var pages = c.Fetched + c.Failed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{status.State}: {pages:N0} URLs fetched ({c.Fetched:N0} responses, {c.Failed:N0} failed), {c.RobotsDenied:N0} denied by robots.txt, {c.Refused:N0} refused (traps, limits, private addresses), {c.Skipped:N0} skipped, {c.Retries:N0} retries, {c.HostsGivenUp:N0} hosts given up, in {elapsed.TotalSeconds:N1} s ({pages / Math.Max(elapsed.TotalSeconds, 0.001):N0} pages/s, {c.Bytes / 1048576.0:N1} MiB)"));
        Console.WriteLine($"Results: job {jobId} in {Path.Combine(data.FullName, "results.db")}");
        if (output is not null)
        {
            output.Directory?.Create();
            await using var file = new FileStream(output.FullName, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
            var written = await JsonlResultWriter.WriteAsync(crawler.Store.ReadAsync(jobId, CancellationToken.None), file, CancellationToken.None);
            Console.WriteLine($"Wrote {written:N0} results to {output.FullName}");
        }

        return status.State == JobState.Completed ? ExitCodes.Ok : ExitCodes.Interrupted;
    }
}

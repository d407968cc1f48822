using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Core.Ports;
using System.Diagnostics;
using System.Globalization;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Cli.Export;
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
        var demoPages = Numbers.Option("--demo-pages", "Pages of the demo web", 5000, min: 1);
        var demoHosts = Numbers.Option("--demo-hosts", "Hosts of the demo web", 20, min: 1);
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder for results.db", DefaultValueFactory = _ => new DirectoryInfo("crawl-data") };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the results as JSON Lines to this file" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display" };
        var resume = new Option<bool>("--resume") { Description = "Continue the crawl interrupted in --data (Ctrl+C, kill, crash) from its persisted frontier" };
        var crawl = new CrawlOptions();
        var trace = new TraceOptions();
        var console = new ConsoleRun();

        var command = new Command("run", "Crawl from a seeds file with an embedded silo (no services needed)");
        command.Arguments.Add(seedsFile);
        command.Options.Add(demo);
        command.Options.Add(demoPages);
        command.Options.Add(demoHosts);
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(quiet);
        command.Options.Add(resume);
        command.Options.Add(console.Port);
        crawl.AddTo(command);
        trace.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(resume))
            {
                if (r.GetValue(seedsFile) is not null || r.GetValue(demo))
                {
                    r.AddError("--resume takes the crawl from --data: give no SEEDS_FILE and no --demo.");
                }
            }
            else if (r.GetValue(seedsFile) is null && !r.GetValue(demo))
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
                if (result.GetValue(resume))
                {
                    return await ResumeAsync(result.GetValue(data)!, result.GetValue(output), result.GetValue(quiet), cancellationToken, console, result);
                }

                IReadOnlyList<string> seeds;
                DemoManifest? demoManifest = null;
                if (result.GetValue(demo))
                {
                    web = await TestWeb.StartAsync(new TestWebOptions { Pages = result.GetValue(demoPages), Hosts = result.GetValue(demoHosts) }, cancellationToken);
                    demoManifest = new DemoManifest(result.GetValue(demoPages), result.GetValue(demoHosts), new Uri(web.Seeds[0]).Port);
                    Console.Error.WriteLine($"Demo: test web of {result.GetValue(demoPages):N0} pages on {web.Seeds.Count} hosts ({web.Seeds[0]} ...)");
                    seeds = SeedFileParser.Parse(new StringReader(string.Join('\n', web.Seeds)), "demo");
                }
                else
                {
                    seeds = SeedFileParser.ParseFile(result.GetValue(seedsFile)!.FullName);
                }

                var spec = await crawl.ToSpecAsync(result, seeds, cancellationToken);
                // The embedded silo is this process: a relative --warc is made absolute, so `--resume` from elsewhere finds it.
                if (spec.WarcDirectory is { Length: > 0 } warc)
                {
                    spec = spec with { WarcDirectory = Path.GetFullPath(warc) };
                }

                if (result.GetValue(demo) && result.GetResult(crawl.Delay) is null or { Implicit: true })
                {
                    // The demo web is our own, in this process: no need to be polite to it, unless --delay says otherwise.
                    spec = spec with { MinDelay = TimeSpan.Zero, AdaptiveDelay = false };
                    Console.Error.WriteLine("Demo: no per-host delay, the test web is local (real sites get the polite default, --delay auto)");
                }

                if (result.GetValue(demo) && result.GetResult(crawl.Content) is null or { Implicit: true })
                {
                    // The demo shows the page features: each page's main content as Markdown, unless --content says otherwise.
                    spec = spec with { Content = "markdown" };
                    Console.Error.WriteLine("Demo: keeping each page's main content as Markdown (--content none to skip; ocrawl export --format jsonl shows it)");
                }

                var settings = crawl.ToFetcherSettings(result);
                foreach (var (key, value) in trace.ToSettings(result))
                {
                    settings[key] = value;
                }

                var jobId = "run-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
                var manifest = new RunManifest(jobId, settings, demoManifest);
                return await CrawlAsync(manifest, spec, result.GetValue(data)!, result.GetValue(output), result.GetValue(quiet), cancellationToken,
                    console, result);
            }
            catch (SeedFileException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (RunManifestException ex)
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

    private static async Task<int> CrawlAsync(RunManifest manifest, JobSpec spec, DirectoryInfo data, FileInfo? output, bool quiet,
        CancellationToken cancellationToken, ConsoleRun console, ParseResult result)
    {
        // Check the scope's regexes before starting a silo, so a typo is an immediate, clear error.
        _ = new Core.Scope.CrawlScope(Core.Scope.ScopeMode.Any, spec.Seeds, spec.Include, spec.Exclude);
        if (RunManifest.TryRead(data.FullName) is { } previous)
        {
            Console.Error.WriteLine($"Note: {data.FullName} holds the earlier crawl {previous.JobId}; if it was interrupted, `ocrawl run --resume --data {data.FullName}` continues it. Starting a new job.");
        }

        var jobId = manifest.JobId;
        await using var crawler = await EmbeddedCrawler.StartAsync(data.FullName, WithConsole(manifest.Settings, console.Settings(result)), cancellationToken: CancellationToken.None);
        console.Announce(crawler);
        var clock = Stopwatch.StartNew();
        manifest.Write(data.FullName);
        using (var submit = CrawlerTelemetry.Source.StartActivity(CrawlerTelemetry.Spans.Submit))
        {
            submit?.SetTag(CrawlerTelemetry.Attributes.Job, jobId).SetTag(CrawlerTelemetry.Attributes.Seeds, spec.Seeds.Length);
            await crawler.StartJobAsync(jobId, spec);
        }

        StartupTimeline.Mark("job started");

        Console.Error.WriteLine($"Job {jobId}: {spec.Seeds.Length} seed(s), results in {Path.Combine(data.FullName, "results.db")}");
        return await FollowAsync(crawler, jobId, spec.MaxPages, clock, data, output, quiet, cancellationToken, console.IsOn(result));
    }

    /// <summary><c>ocrawl run --resume --data DIR</c>: the job in DIR's run.json, with the settings it was started
    /// with (and its demo web again, on the same ports), continues from the frontier store: URLs that were settled
    /// stay settled, the rest (including what was in flight when it was interrupted) is crawled.</summary>
    public static async Task<int> ResumeAsync(DirectoryInfo data, FileInfo? output, bool quiet, CancellationToken cancellationToken,
        ConsoleRun? console = null, ParseResult? result = null)
    {
        var manifest = RunManifest.Read(data.FullName);
        TestWeb? web = null;
        try
        {
            if (manifest.Demo is { } demo)
            {
                web = await TestWeb.StartAsync(new TestWebOptions { Pages = demo.Pages, Hosts = demo.Hosts, BasePort = demo.BasePort }, cancellationToken);
                Console.Error.WriteLine($"Demo: test web of {demo.Pages:N0} pages on {web.Seeds.Count} hosts again ({web.Seeds[0]} ...)");
            }

            var withConsole = console is not null && result is not null && console.IsOn(result);
            await using var crawler = await EmbeddedCrawler.StartAsync(data.FullName,
                withConsole ? WithConsole(manifest.Settings, console!.Settings(result!)) : manifest.Settings, cancellationToken: CancellationToken.None);
            console?.Announce(crawler);
            var job = crawler.Grains.GetGrain<ICrawlJobGrain>(manifest.JobId);
            var status = await job.GetStatusAsync();
            switch (status.State)
            {
                case JobState.NotFound:
                    throw new RunManifestException($"{RunManifest.PathIn(data.FullName)}: job '{manifest.JobId}' is not in {Path.Combine(data.FullName, "results.db")}.");
                case JobState.Completed or JobState.Cancelled:
                    Console.Error.WriteLine($"Job {manifest.JobId} is already {status.State}; nothing to resume.");
                    await WriteOutputAsync(crawler, manifest.JobId, output);
                    return ExitCodes.Ok;
                case JobState.Paused:
                    status = await job.ResumeAsync();
                    break;
            }

            Console.Error.WriteLine($"Resuming job {manifest.JobId} from its persisted frontier in {data.FullName}");
            var spec = (await crawler.Services.GetRequiredService<Core.Ports.IJobStore>().GetAsync(manifest.JobId) is { } record)
                ? Grains.Jobs.JobRecordMapper.SpecOf(record)
                : null;
            return await FollowAsync(crawler, manifest.JobId, spec?.MaxPages ?? 0, Stopwatch.StartNew(), data, output, quiet, cancellationToken, withConsole);
        }
        finally
        {
            if (web is not null)
            {
                await web.DisposeAsync();
            }
        }
    }

    private static async Task<int> FollowAsync(EmbeddedCrawler crawler, string jobId, int maxPages, Stopwatch clock, DirectoryInfo data, FileInfo? output,
        bool quiet, CancellationToken cancellationToken, bool console = false)
    {
        var display = quiet ? null : new ProgressDisplay(Console.Error, !Console.IsErrorRedirected, maxPages);
        JobStatus status;
        try
        {
            status = await ConsoleRun.WaitAsync(crawler, jobId, console, s => display?.Report(s), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop fetching, let in-flight pages finish and be stored (the frontier is persisted as it goes),
            // then say how to continue.
            display?.Finish();
            Console.Error.WriteLine();
            Console.Error.WriteLine("Interrupted: pausing the crawl and letting in-flight pages finish ...");
            await crawler.Grains.GetGrain<ICrawlJobGrain>(jobId).PauseAsync();
            status = await crawler.DrainAsync(jobId, TimeSpan.FromSeconds(30));
            Console.Error.WriteLine($"Paused with {status.Counters.Queued:N0} URLs to go. Continue with: ocrawl run --resume --data {data.FullName}");
        }

        display?.Finish();
        StartupTimeline.Mark($"job {status.State} (the job's own start to finish: {(status.FinishedAt - status.StartedAt)?.TotalSeconds:0.000} s)");
        var elapsed = clock.Elapsed;
        var c = status.Counters;
        var pages = c.Fetched + c.Failed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{status.State}: {pages:N0} URLs fetched ({c.Fetched:N0} responses, {c.Failed:N0} failed), {c.RobotsDenied:N0} denied by robots.txt, {c.Refused:N0} refused (traps, limits, private addresses), {c.Skipped:N0} skipped, {c.Retries:N0} retries, {c.HostsGivenUp:N0} hosts given up, in {elapsed.TotalSeconds:N1} s ({pages / Math.Max(elapsed.TotalSeconds, 0.001):N0} pages/s, {c.Bytes / 1048576.0:N1} MiB)"));
        var traps = status.Errors.Where(e => e.Key.StartsWith("trap/", StringComparison.Ordinal)).OrderByDescending(e => e.Value).ToList();
        if (traps.Count > 0)
        {
            // Each trap rule's refusals (stored with their reason in the results), so a user sees which bound to raise.
            Console.WriteLine("Refused by trap rule: " + string.Join(", ", traps.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key[5..]} {e.Value:N0}"))));
        }

        Console.WriteLine($"Results: job {jobId} in {Path.Combine(data.FullName, "results.db")}");
        await WriteOutputAsync(crawler, jobId, output);
        if (console && !cancellationToken.IsCancellationRequested)
        {
            await ConsoleRun.StayOpenAsync(crawler, cancellationToken);
        }

        return status.State == JobState.Completed ? ExitCodes.Ok : ExitCodes.Interrupted;
    }

    private static Dictionary<string, string?> WithConsole(IReadOnlyDictionary<string, string?> settings, Dictionary<string, string?> console) =>
        settings.Concat(console).ToDictionary(p => p.Key, p => p.Value);

    private static async Task WriteOutputAsync(EmbeddedCrawler crawler, string jobId, FileInfo? output)
    {
        if (output is not null)
        {
            output.Directory?.Create();
            await using var file = new FileStream(output.FullName, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
            // With --content, each page's content too, as ocrawl export --format jsonl writes it.
            var content = crawler.Services.GetRequiredService<IContentStore>();
            var fields = crawler.Services.GetRequiredService<IFieldStore>();
            var written = await JsonlResultWriter.WriteAsync(crawler.Store.ReadAsync(jobId, CancellationToken.None), file, CancellationToken.None,
                ExportPaging.ReadAllAsync((after, ct) => content.ReadPageAsync(jobId, after, 1000, ct), p => p.Url, 1000, CancellationToken.None),
                ExportPaging.ReadAllAsync((after, ct) => fields.ReadPageAsync(jobId, after, 1000, ct), p => p.Url, 1000, CancellationToken.None));
            Console.WriteLine($"Wrote {written:N0} results to {output.FullName}");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Cli.Cluster;
using OrleansCrawler.Cli.Progress;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Seeds;
using OrleansCrawler.Core.Telemetry;

namespace OrleansCrawler.Cli.Commands;

/// <summary>The commands that drive a cluster: submit, jobs, status, watch, pause, resume, cancel, export (ExportCommand).</summary>
public static class JobCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Submit();
        yield return Jobs();
        yield return Status();
        yield return Watch();
        yield return Control("pause", "Pause a job: no new fetches until resumed", j => j.PauseAsync());
        yield return Control("resume", "Resume a paused job; or, given the data folder of an interrupted `ocrawl run`, continue that crawl",
            j => j.ResumeAsync(), local: (id, ct) => Directory.Exists(id) && File.Exists(RunManifest.PathIn(id))
                ? RunCommand.ResumeAsync(new DirectoryInfo(id), output: null, quiet: false, ct)
                : null);
        yield return Control("cancel", "Cancel a job; its results stay readable", j => j.CancelAsync());
        yield return ExportCommand.Create();
    }

    private static Command Submit()
    {
        var seedsFile = new Argument<FileInfo>("SEEDS_FILE") { Description = "One URL per line; '#' comments and blank lines allowed" };
        var jobId = new Option<string?>("--job-id") { Description = "Name the job (default: job-<time>-<random>)" };
        var crawl = new CrawlOptions();
        var trace = new TraceOptions();
        var command = new Command("submit", "Submit a crawl job to a cluster; prints the job id and returns at once") { seedsFile, jobId };
        crawl.AddTo(command);
        trace.AddTo(command);
        return WithCluster(command, async (result, connection, ct) =>
        {
            using var tracer = trace.StartTracer(result);
            var seeds = SeedFileParser.ParseFile(result.GetValue(seedsFile)!.FullName);
            _ = new Core.Scope.CrawlScope(Core.Scope.ScopeMode.Any, seeds, result.GetValue(crawl.Include) ?? [], result.GetValue(crawl.Exclude) ?? []);
            var spec = await crawl.ToSpecAsync(result, seeds, ct);
            _ = new Core.Scope.CrawlScope(Core.Scope.ScopeMode.Any, spec.Seeds, spec.Include, spec.Exclude);
            var id = result.GetValue(jobId) ?? NewJobId("job");
            var existing = await connection.Grains.GetGrain<ICrawlJobGrain>(id).GetStatusAsync();
            if (existing.State != JobState.NotFound)
            {
                Console.Error.WriteLine($"error: a job '{id}' already exists ({existing.State}).");
                return ExitCodes.BadInput;
            }

            using (var submit = CrawlerTelemetry.Source.StartActivity(CrawlerTelemetry.Spans.Submit))
            {
                submit?.SetTag(CrawlerTelemetry.Attributes.Job, id).SetTag(CrawlerTelemetry.Attributes.Seeds, spec.Seeds.Length);
                await connection.Grains.GetGrain<ICrawlJobGrain>(id).StartAsync(spec);
            }

            Console.WriteLine(id);
            return ExitCodes.Ok;
        }, needsSetup: true);
    }

    private static Command Jobs()
    {
        var command = new Command("jobs", "List the cluster's jobs, newest first");
        return WithCluster(command, async (_, connection, _) =>
        {
            var jobs = await connection.Grains.GetGrain<IJobDirectoryGrain>(0).ListAsync();
            Console.WriteLine($"{"JOB",-36} {"STATE",-10} {"FETCHED",10} {"FAILED",8} {"QUEUED",10}  STARTED");
            foreach (var j in jobs)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{j.JobId,-36} {j.State,-10} {j.Counters.Fetched,10} {j.Counters.Failed,8} {j.Counters.Queued,10}  {j.StartedAt:u}"));
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Status()
    {
        var job = JobArgument();
        var command = new Command("status", "Show a job's state, counts, rate and errors by kind") { job };
        return WithCluster(command, async (result, connection, _) =>
        {
            var status = await connection.Grains.GetGrain<ICrawlJobGrain>(result.GetValue(job)!).GetStatusAsync();
            if (status.State == JobState.NotFound)
            {
                return UnknownJob(status.JobId);
            }

            Console.Write(Describe(status));
            return ExitCodes.Ok;
        });
    }

    private static Command Watch()
    {
        var job = JobArgument();
        var command = new Command("watch", "Follow a job's progress live until it ends") { job };
        return WithCluster(command, async (result, connection, ct) =>
        {
            var grain = connection.Grains.GetGrain<ICrawlJobGrain>(result.GetValue(job)!);
            // Retried like every poll below: started right after a silo died, the first call may go to the dead silo
            // until membership declares it dead (seen in the compose test: an unhandled OrleansMessageRejectionException).
            var status = await Grains.GrainRetry.CallAsync(grain.GetStatusAsync);
            if (status.State == JobState.NotFound)
            {
                return UnknownJob(status.JobId);
            }

            var display = new ProgressDisplay(Console.Error, !Console.IsErrorRedirected, 0);
            try
            {
                while (!status.IsOver)
                {
                    display.Report(status);
                    await Task.Delay(500, ct);
                    // Bounded retries: the job grain's silo may have just died; it reactivates on a survivor.
                    status = await Grains.GrainRetry.CallAsync(grain.GetStatusAsync);
                }
            }
            catch (OperationCanceledException)
            {
                display.Finish();
                return ExitCodes.Interrupted;
            }

            display.Report(status);
            display.Finish();
            Console.Write(Describe(status));
            return status.State == JobState.Completed ? ExitCodes.Ok : ExitCodes.Failed;
        });
    }

    private static Command Control(string name, string description, Func<ICrawlJobGrain, Task<JobStatus>> action,
        Func<string, CancellationToken, Task<int>?>? local = null)
    {
        var job = JobArgument();
        var command = new Command(name, description) { job };
        return WithCluster(command, local: local is null ? null : (result, ct) => local(result.GetValue(job)!, ct), action: async (result, connection, _) =>
        {
            var grain = connection.Grains.GetGrain<ICrawlJobGrain>(result.GetValue(job)!);
            if ((await grain.GetStatusAsync()).State == JobState.NotFound)
            {
                return UnknownJob(result.GetValue(job)!);
            }

            var status = await action(grain);
            Console.WriteLine($"{status.JobId}: {status.State}");
            return ExitCodes.Ok;
        });
    }

    public static string Describe(JobStatus s)
    {
        var c = s.Counters;
        var elapsed = ((s.FinishedAt ?? DateTimeOffset.UtcNow) - s.StartedAt).TotalSeconds;
        var rate = (c.Fetched + c.Failed) / Math.Max(elapsed, 0.001);
        var lines = new List<string>
        {
            $"job        {s.JobId}",
            $"state      {s.State}",
            string.Create(CultureInfo.InvariantCulture, $"started    {s.StartedAt:u}{(s.FinishedAt is { } f ? $"   finished {f:u}" : "")}"),
            string.Create(CultureInfo.InvariantCulture, $"fetched    {c.Fetched:N0} responses, {c.Failed:N0} failed, {c.Bytes / 1048576.0:N1} MiB, {rate:N1} pages/s"),
            string.Create(CultureInfo.InvariantCulture, $"frontier   {c.Accepted:N0} accepted, {c.Queued:N0} queued, {c.InFlight:N0} in flight, {c.Settled:N0} settled"),
            string.Create(CultureInfo.InvariantCulture, $"skipped    {c.RobotsDenied:N0} denied by robots.txt, {c.Skipped:N0} over budget or cancelled"),
        };
        lines.Add(s.Errors.IsEmpty
            ? "errors     none"
            : "errors     " + string.Join(", ", s.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value:N0}")));
        if (s.Problem is { } problem)
        {
            lines.Add("problem    " + problem);
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static Argument<string> JobArgument() => new("JOB") { Description = "The job id (see ocrawl jobs)" };

    private static int UnknownJob(string jobId)
    {
        Console.Error.WriteLine($"error: no job '{jobId}' in this cluster (ocrawl jobs lists them).");
        return ExitCodes.BadInput;
    }

    public static string NewJobId(string prefix) =>
        prefix + "-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>Adds --cluster/--cluster-id, connects, runs the action, and turns the usual failures into clear
    /// messages and exit codes.</summary>
    /// <param name="local">For a command that can also act on this machine: returns the local work, or null to go to the cluster.</param>
    internal static Command WithCluster(Command command, Func<ParseResult, ClusterConnection, CancellationToken, Task<int>> action, bool needsSetup = false,
        Func<ParseResult, CancellationToken, Task<int>?>? local = null)
    {
        var cluster = ClusterConnection.ClusterOption();
        var clusterId = ClusterConnection.ClusterIdOption();
        command.Options.Add(cluster);
        command.Options.Add(clusterId);
        var tlsCert = ClusterConnection.TlsCertOption();
        var tlsCa = ClusterConnection.TlsCaOption();
        command.Options.Add(tlsCert);
        command.Options.Add(tlsCa);
        command.SetAction(async (result, outer) =>
        {
            using var signal = new ShutdownSignal(outer);
            try
            {
                if (needsSetup)
                {
                    // Validate local input (the seeds file) before touching the network.
                    _ = result.GetValue(command.Arguments.OfType<Argument<FileInfo>>().First()) is { } seeds ? SeedFileParser.ParseFile(seeds.FullName) : null;
                }

                if (local?.Invoke(result, signal.Token) is { } work)
                {
                    return await work;
                }

                await using var connection = await ClusterConnection.ConnectAsync(result.GetValue(cluster), result.GetValue(clusterId), signal.Token,
                    result.GetValue(tlsCert), result.GetValue(tlsCa));
                return await action(result, connection, signal.Token);
            }
            catch (SeedFileException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (RunManifestException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (ClusterUnavailableException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }
}

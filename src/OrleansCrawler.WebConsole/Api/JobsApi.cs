using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Abstractions.Results;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Grains.Frontier;
using OrleansCrawler.WebConsole.Auth;

namespace OrleansCrawler.WebConsole.Api;

/// <summary>The jobs under <c>/api/jobs</c>: what <c>ocrawl jobs/submit/status/watch/pause/resume/cancel/export</c> do, over HTTP.</summary>
public static class JobsApi
{
    private const int SamplesPerKind = 3;

    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("jobs");
        jobs.MapGet("", ListAsync).WithSummary("The cluster's jobs, newest first");
        jobs.MapPost("", SubmitAsync).RequireOperator().WithSummary("Submit a crawl (operator); 201 with the job, 400 naming bad fields");
        jobs.MapGet("/{id}", StatusAsync).WithSummary("A job's state, counters, rate and errors by kind");
        jobs.MapPost("/{id}/pause", (string id, IGrainFactory g, TimeProvider t) => ControlAsync(id, g, t, j => j.PauseAsync())).RequireOperator();
        jobs.MapPost("/{id}/resume", (string id, IGrainFactory g, TimeProvider t) => ControlAsync(id, g, t, j => j.ResumeAsync())).RequireOperator();
        jobs.MapPost("/{id}/cancel", (string id, IGrainFactory g, TimeProvider t) => ControlAsync(id, g, t, j => j.CancelAsync())).RequireOperator();
        jobs.MapGet("/{id}/results", ResultsAsync)
            .WithSummary("Results a page at a time: in URL order (default), or order=latest for the last fetched first; search: part of the URL, searched by the store");
        jobs.MapGet("/{id}/errors", ErrorsAsync).WithSummary("Errors by kind, each with up to three sample URLs read from the store's error rows");
        jobs.MapGet("/{id}/hosts", HostsAsync).WithSummary("Per host: queued, workers, delay in force, Retry-After or parked/given-up, robots.txt outcome");
        jobs.MapGet("/{id}/events", EventsAsync).WithSummary("Server-sent events: the job and its pages/s and errors/s, every second until it ends");
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, TimeProvider time)
    {
        var statuses = await grains.GetGrain<IJobDirectoryGrain>(0).ListAsync();
        var specs = await Task.WhenAll(statuses.Select(s => grains.GetGrain<ICrawlJobGrain>(s.JobId).GetSpecAsync()));
        return TypedResults.Ok(statuses.Select((s, i) => JobView.Of(s, specs[i], time.GetUtcNow())).ToList());
    }

    private static async Task<IResult> SubmitAsync(SubmitRequest request, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var id = request.JobId ?? $"job-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var (spec, problems) = SubmitRequestMapper.Map(request, http.User.Identity?.Name ?? "?", id);
        if (spec is null)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var job = grains.GetGrain<ICrawlJobGrain>(id);
        if ((await job.GetStatusAsync()).State != JobState.NotFound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"a job '{id}' already exists");
        }

        var status = await job.StartAsync(spec);
        return TypedResults.Created($"/api/jobs/{id}", JobView.Of(status, spec, time.GetUtcNow()));
    }

    private static async Task<IResult> StatusAsync(string id, IGrainFactory grains, TimeProvider time)
    {
        var job = grains.GetGrain<ICrawlJobGrain>(id);
        var status = await job.GetStatusAsync();
        return status.State == JobState.NotFound ? NotFound(id) : TypedResults.Ok(JobView.Of(status, await job.GetSpecAsync(), time.GetUtcNow()));
    }

    private static async Task<IResult> ControlAsync(string id, IGrainFactory grains, TimeProvider time, Func<ICrawlJobGrain, Task<JobStatus>> action)
    {
        var job = grains.GetGrain<ICrawlJobGrain>(id);
        if ((await job.GetStatusAsync()).State == JobState.NotFound)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(JobView.Of(await action(job), await job.GetSpecAsync(), time.GetUtcNow()));
    }

    /// <param name="after">Where the previous page ended (its <c>next</c>): a URL in URL order, a cursor with <c>order=latest</c>.</param>
    /// <param name="search">Only results whose URL contains this (case-insensitive), in URL order, searched in the results store.</param>
    /// <param name="order"><c>url</c> (default: paging and export) or <c>latest</c> (the last fetched first).</param>
    private static async Task<IResult> ResultsAsync(string id, IGrainFactory grains, string? after = null, int limit = 100, string? search = null,
        string? order = null)
    {
        if (limit is < 1 or > 1000)
        {
            return Invalid("limit", $"'{limit}' is not between 1 and 1000.");
        }

        if (order is not (null or "" or "url" or "latest"))
        {
            return Invalid("order", $"'{order}' is not url or latest.");
        }

        var results = grains.GetGrain<IResultsGrain>(0);
        if (order == "latest")
        {
            if (!string.IsNullOrEmpty(search))
            {
                return Invalid("order", "a search reads in URL order: leave out order=latest.");
            }

            LatestCursor? before = null;
            if (after is not null && !LatestCursorText.TryParse(after, out before))
            {
                return Invalid("after", $"'{after}' is not a cursor of order=latest (the next of the previous page).");
            }

            var latest = await results.LatestAsync(id, limit, before);
            return TypedResults.Ok(new ResultsPage(latest, latest.Length == limit ? LatestCursorText.Of(latest[^1]) : null));
        }

        var page = string.IsNullOrEmpty(search) ? await results.ReadPageAsync(id, after, limit) : await results.SearchAsync(id, search, after, limit);
        return TypedResults.Ok(new ResultsPage(page, page.Length == limit ? page[^1].Url : null));
    }

    private static async Task<IResult> ErrorsAsync(string id, IGrainFactory grains)
    {
        var status = await grains.GetGrain<ICrawlJobGrain>(id).GetStatusAsync();
        if (status.State == JobState.NotFound)
        {
            return NotFound(id);
        }

        // Samples come from the store's error rows; it stops reading once each of the job's kinds has its samples.
        var samples = status.Errors.Count == 0
            ? ImmutableDictionary<string, ImmutableArray<string>>.Empty
            : await grains.GetGrain<IResultsGrain>(0).ErrorSamplesAsync(id, [.. status.Errors.Keys], SamplesPerKind);
        return TypedResults.Ok(status.Errors.OrderByDescending(e => e.Value)
            .Select(e => new ErrorKindView(e.Key, e.Value, samples.TryGetValue(e.Key, out var urls) ? urls : [])).ToList());
    }

    private static IResult Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] });

    public const string HostsAsOfHeader = "X-Hosts-As-Of";
    public const string PartitionsAskedHeader = "X-Partitions-Asked";
    public const string PartitionsStoredHeader = "X-Partitions-Stored";

    /// <param name="limit">The hosts with the most queued URLs first, at most this many.</param>
    /// <remarks>Live host state is in the memory of the job's partitions; a partition that deactivates saves its hosts to
    /// the store (docs/console.md, "Hosts"). So the partitions in memory are asked (found through the management grain;
    /// asking never activates one, which would rebuild a running job's partition from the frontier store or answer
    /// empty for an ended one), and for every other partition its saved hosts are read from the store, each host
    /// marked with <see cref="HostView.SavedAt"/>. The headers say when the answer was taken, how many of the job's
    /// partitions were asked ("asked/all") and how many answered from the store.</remarks>
    private static async Task<IResult> HostsAsync(string id, HttpContext http, IGrainFactory grains, IHostSummaryStore store, TimeProvider time,
        int limit = 500)
    {
        var job = grains.GetGrain<ICrawlJobGrain>(id);
        if (await job.GetSpecAsync() is not { } spec)
        {
            return NotFound(id);
        }

        var partitions = await PartitionsInMemoryAsync(grains, id);
        var live = await Task.WhenAll(partitions.Select(p => grains.Partition(id, p).GetHostsAsync()));
        var saved = (await store.ReadAsync(id, http.RequestAborted)).Where(r => !partitions.Contains(r.Partition)).ToList();
        http.Response.Headers[HostsAsOfHeader] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers[PartitionsAskedHeader] = $"{partitions.Count}/{spec.PartitionCount}";
        http.Response.Headers[PartitionsStoredHeader] = saved.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(live.SelectMany(h => h).Concat(saved.SelectMany(r => PartitionHostsMapper.HostsOf(r)))
            .OrderByDescending(h => h.Queued).ThenBy(h => h.Authority, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 10_000)).ToList());
    }

    /// <summary>The job's partitions active on some silo now (Orleans' management grain, as <c>/api/silos</c> reads it).</summary>
    public static async Task<List<int>> PartitionsInMemoryAsync(IGrainFactory grains, string id)
    {
        var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. activations.Where(a => a.GrainType.Contains("UrlPartitionGrain", StringComparison.Ordinal))
            .Select(a => a.GrainId.Key.ToString()!).Where(k => k.StartsWith(id + "/", StringComparison.Ordinal))
            .Select(k => PartitionKey.Parse(k).Partition).Distinct().Order()];
    }

    private static async Task<IResult> EventsAsync(string id, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken) =>
        (await grains.GetGrain<ICrawlJobGrain>(id).GetStatusAsync()).State == JobState.NotFound
            ? NotFound(id)
            : TypedResults.ServerSentEvents(SamplesAsync(id, grains, time, cancellationToken), eventType: "job");

    private static async IAsyncEnumerable<JobSample> SamplesAsync(string id, IGrainFactory grains, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = grains.GetGrain<ICrawlJobGrain>(id);
        var spec = await job.GetSpecAsync();
        (DateTimeOffset At, long Done, long Errors)? previous = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var status = await job.GetStatusAsync();
            var now = time.GetUtcNow();
            var done = status.Counters.Fetched + status.Counters.Failed;
            var errors = status.Errors.Values.Sum();
            var seconds = previous is { } p ? Math.Max((now - p.At).TotalSeconds, 0.001) : 1;
            yield return new JobSample(now, JobView.Of(status, spec, now),
                previous is { } q ? Math.Round((done - q.Done) / seconds, 2) : 0,
                previous is { } r ? Math.Round((errors - r.Errors) / seconds, 2) : 0);
            if (status.IsOver)
            {
                yield break;
            }

            previous = (now, done, errors);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static IResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"no job '{id}'");
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Cli.Cluster;
using OrleansCrawler.LocalServers;
using OrleansCrawler.TestSite;
using Xunit.Abstractions;

namespace OrleansCrawler.Silo.Tests;

/// <summary>One fault test's world: its own cluster (three silo processes, Redis, PostgreSQL), an `ocrawl testsite`
/// process large and slow enough that a fault lands mid-crawl, the job, and what the test reads to judge it: the
/// PostgreSQL tables (results, frontier, jobs) and the web's request log.</summary>
internal sealed class FaultRun : IAsyncDisposable
{
    public const int Pages = 5000;
    public const int Hosts = 10;
    public const int PerHost = 2;
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private readonly ITestOutputHelper _output;
    private readonly string _name;
    private string? _job;

    private FaultRun(ClusterFixture cluster, ChildProcess site, NpgsqlDataSource db, ITestOutputHelper output, string name)
    {
        Cluster = cluster;
        Site = site;
        Db = db;
        _output = output;
        _name = name;
        Truth = [.. System.IO.File.ReadAllLines(File("truth.txt")).Where(l => l.Length > 0)];
    }

    public ClusterFixture Cluster { get; }

    public ChildProcess Site { get; }

    /// <summary>The silos' database (results, frontier, jobs).</summary>
    public NpgsqlDataSource Db { get; }

    public IReadOnlyCollection<string> Truth { get; }

    public string Job => _job ?? throw new InvalidOperationException("no job submitted yet");

    public string File(string name) => Path.Combine(Cluster.WorkDirectory, name);

    public static async Task<FaultRun> StartAsync(ITestOutputHelper output, string name, int seed)
    {
        var cluster = new ClusterFixture();
        try
        {
            await cluster.InitializeAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        var site = ChildProcess.Start("testsite", "dotnet", [Repository.OcrawlDll, "testsite", "--pages", $"{Pages}", "--hosts", $"{Hosts}",
            "--seed", $"{seed}", "--latency", "20ms", "--seeds-out", "seeds.txt", "--truth-out", "truth.txt", "--request-log", "requests.tsv"],
            cluster.WorkDirectory);
        try
        {
            await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));
        }
        catch
        {
            site.Dispose();
            await cluster.DisposeAsync();
            throw;
        }

        var db = NpgsqlDataSource.Create(cluster.SiloEnvironment["Crawler__Storage__Postgres"]);
        return new FaultRun(cluster, site, db, output, name);
    }

    /// <summary>Runs ocrawl against the cluster (a connection failure is tried again: <see cref="ClusterFixture.OcrawlAsync"/>).</summary>
    public Task<ChildProcess> OcrawlAsync(params string[] args) => Cluster.OcrawlAsync(Limit, args);

    public async Task<string> SubmitAsync()
    {
        using var submit = await OcrawlAsync("submit", "seeds.txt", "--delay", "0", "--per-host", $"{PerHost}");
        Succeeded(submit);
        _job = submit.Output.Trim().Split('\n')[^1].Trim();
        Log($"job {_job}: {Truth.Count} pages in the truth set");
        return _job;
    }

    public static void Succeeded(ChildProcess process) =>
        Assert.True(process.ExitCode == 0, $"{process.Name} exited {process.ExitCode}:\n{process.Output}");

    public void Log(string line) => _output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {_name}: {line}");

    public async Task<long> CountResultsAsync()
    {
        await using var command = Db.CreateCommand("SELECT count(*) FROM results WHERE job = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Job });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string?> JobStateAsync()
    {
        await using var command = Db.CreateCommand("SELECT state FROM jobs WHERE job = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Job });
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Waits until the job has stored at least this share of the truth set's count as results (the trigger
    /// of a fault: progress, not time). Fails if the job ends first.</summary>
    public Task<long> WaitForProgressAsync(double share) => WaitForResultsAsync((long)(Truth.Count * share), $"{share:P0} of the truth set");

    /// <summary>Waits until the job has stored at least <paramref name="wanted"/> results; fails if it ends first.</summary>
    public async Task<long> WaitForResultsAsync(long wanted, string? what = null)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var count = await CountResultsAsync();
            if (count >= wanted)
            {
                Log($"{count} results stored (wanted {wanted}{(what is null ? "" : ", " + what)})");
                return count;
            }

            var state = await JobStateAsync();
            if (state is not (null or "Running") || DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the job reached {count} of {wanted} results (state {state}) before the fault");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the job store says the job ended (PostgreSQL may be away for a while: read again), and
    /// returns that state.</summary>
    public async Task<string> WaitForEndAsync()
    {
        var deadline = DateTime.UtcNow + Limit;
        string? state = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                state = await JobStateAsync();
            }
            catch (NpgsqlException)
            {
                // Away for a moment; read again.
            }

            if (state is not (null or "Running" or "Paused"))
            {
                Log($"job {state}; {await CountResultsAsync()} results stored");
                return state;
            }

            await Task.Delay(500);
        }

        throw new Xunit.Sdk.XunitException($"the job did not end within {Limit} (state {state})");
    }

    /// <summary>The silo a kill hurts most: the one hosting the most of the job's partitions that have hosts (and so
    /// frontier rows), from the cluster's own directory (IManagementGrain.GetActivationAddress). Also returns those
    /// partitions.</summary>
    public async Task<(ChildProcess Silo, IReadOnlySet<int> Partitions)> BusiestSiloAsync()
    {
        var partitions = new List<int>();
        await using (var command = Db.CreateCommand("SELECT DISTINCT partition FROM frontier WHERE job = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Job });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                partitions.Add(reader.GetInt32(0));
            }
        }

        var byPort = new Dictionary<int, HashSet<int>>();
        await using (var connection = await ConnectAsync())
        {
            var management = connection.Grains.GetGrain<IManagementGrain>(0);
            foreach (var p in partitions)
            {
                if (await management.GetActivationAddress(connection.Grains.Partition(Job, p)) is { } silo)
                {
                    (byPort.TryGetValue(silo.Endpoint.Port, out var set) ? set : byPort[silo.Endpoint.Port] = []).Add(p);
                }
            }
        }

        Log("partitions with hosts by silo port: " + string.Join("; ", byPort.Select(kv => $"{kv.Key}: {string.Join(',', kv.Value.Order())}")));
        var busiest = Cluster.RunningSilos.MaxBy(s => byPort.GetValueOrDefault(Cluster.SiloPortOf(s))?.Count ?? 0)!;
        var hosted = byPort.GetValueOrDefault(Cluster.SiloPortOf(busiest)) ?? [];
        Assert.True(hosted.Count > 0, "no silo hosts a partition of the job with hosts");
        Log($"{busiest.Name} (port {Cluster.SiloPortOf(busiest)}) hosts partitions {string.Join(',', hosted.Order())}");
        return (busiest, hosted);
    }

    /// <summary>An Orleans client of the cluster (as ocrawl connects), tried again when it cannot connect in time on
    /// this busy machine, at most three times.</summary>
    public async Task<ClusterConnection> ConnectAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ClusterConnection.ConnectAsync(Cluster.AuthenticatedAddress, null, CancellationToken.None, Cluster.ClientCertificate);
            }
            catch (ClusterUnavailableException ex) when (attempt < 3)
            {
                Log($"could not connect, trying again: {ex.Message}");
            }
        }
    }

    /// <summary>The frontier as a fault left it: read right after the fault, before anything could crawl the dead
    /// silo's partitions again. <see cref="InFlight"/> later tells which URLs were taken and not settled.</summary>
    public async Task<FrontierSnapshot> SnapshotFrontierAsync(DateTimeOffset fault)
    {
        var unsettled = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var command = Db.CreateCommand("SELECT url, outcome IS NULL FROM frontier WHERE job = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Job });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var url = reader.GetString(0);
            known.Add(url);
            if (reader.GetBoolean(1))
            {
                unsettled.Add(url);
            }
        }

        Log($"at the fault: {known.Count} frontier rows, {unsettled.Count} not settled");
        return new FrontierSnapshot(fault, unsettled, known);
    }

    /// <summary>The URLs in flight at the fault, by partition: requested before it (the web's request log, read
    /// after the fact so that requests the fault cut short are in it too) and not settled in the frontier table then.
    /// That includes a URL taken so soon after it was accepted that its frontier row was not written yet (the page
    /// linking to it is then not settled either, and finds it again).
    /// <para><paramref name="lateArrivals"/>: how long after the fault a request still counts. The log has the time
    /// the web read a request, which can come a little after a silo killed at once had written it; pass a span in
    /// which no other activation can fetch that URL yet.</para></summary>
    public IReadOnlyDictionary<string, int> InFlight(FrontierSnapshot snapshot, TimeSpan lateArrivals = default)
    {
        var partitioner = new HostPartitioner(JobSpec.DefaultPartitionCount);
        var inFlight = RequestLog.Load(File("requests.tsv"))
            .Where(e => e.Time < snapshot.Time + lateArrivals && !IsRobots(e))
            .Select(UrlOf)
            .Where(url => snapshot.Unsettled.Contains(url) || !snapshot.Known.Contains(url))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(url => url, partitioner.PartitionOf, StringComparer.Ordinal);
        Log($"in flight at the fault: {inFlight.Count} URLs ({inFlight.Keys.Count(u => !snapshot.Known.Contains(u))} of them without a frontier row yet)");
        return inFlight;
    }

    /// <summary>URLs the web served more than once, robots.txt aside (each partition activation reads it again), with
    /// the time of their first request.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FetchedTwice()
    {
        var twice = RequestLog.Load(File("requests.tsv"))
            .Where(e => !IsRobots(e))
            .GroupBy(UrlOf, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Min(e => e.Time), StringComparer.Ordinal);
        Log($"{twice.Count} URLs fetched more than once (robots.txt aside)");
        return twice;
    }

    /// <summary>How many times each partition of the job was restored from the frontier store, from every silo's log
    /// (the killed ones' too): each restore is an activation that was lost and rebuilt.</summary>
    public IReadOnlyDictionary<int, int> Restores()
    {
        var pattern = new Regex($@"Partition {Regex.Escape(Job)}/(\d+) restored \d+ URLs", RegexOptions.CultureInvariant);
        return Cluster.Silos.SelectMany(s => pattern.Matches(s.Output))
            .GroupBy(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Every URL fetched twice was in flight on a partition activation that was lost.
    /// <para>On a partition the test killed (<paramref name="killed"/>): in <paramref name="inFlightAtFault"/>, the
    /// set measured at the fault (<see cref="InFlight"/>).</para>
    /// <para>Any other refetch needs another lost activation of its partition: the partition was restored (again), and
    /// it has at most what the workers of those activations could hold, restores × --per-host × its hosts. Orleans
    /// causes these: when a silo leaves (killed or stopped), the survivors deactivate their activations whose
    /// grain-directory registration that silo held (DeactivationReasonCode.DirectoryFailure). Their in-flight URLs
    /// are crawled again, and not all of them leave a trace in the log, since a page already past its fetch can
    /// settle after the next activation has read the frontier.</para></summary>
    public void AssertRefetchesWereInFlight(IReadOnlyCollection<string> twice, IReadOnlySet<int> killed, IReadOnlySet<string> inFlightAtFault,
        FrontierSnapshot? snapshot = null)
    {
        // Read only to explain a failure.
        var requests = new Lazy<ILookup<string, RequestLogEntry>>(() =>
            RequestLog.Load(File("requests.tsv")).Where(e => !IsRobots(e)).ToLookup(UrlOf, StringComparer.Ordinal));
        string Explain(string url) => snapshot is null ? url
            : $"{url} (requested at {string.Join(", ", requests.Value[url].Select(e => $"{(e.Time - snapshot.Time).TotalMilliseconds:+0;-0} ms"))} from the fault;"
                + $" at the fault {(snapshot.Unsettled.Contains(url) ? "unsettled" : snapshot.Known.Contains(url) ? "settled" : "no row")})";
        var partitioner = new HostPartitioner(JobSpec.DefaultPartitionCount);
        var hosts = System.IO.File.ReadLines(File("seeds.txt")).Where(l => l.Length > 0)
            .GroupBy(partitioner.PartitionOf).ToDictionary(g => g.Key, g => g.Count());
        var restores = Restores();
        Log("restores by partition: " + string.Join(", ", restores.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}{(killed.Contains(kv.Key) ? "*" : "")}x{kv.Value}"))
            + " (* killed or stopped by the test)");
        foreach (var group in twice.GroupBy(partitioner.PartitionOf))
        {
            var p = group.Key;
            var wasKilled = killed.Contains(p);
            var unexplained = group.Where(url => !(wasKilled && inFlightAtFault.Contains(url))).ToList();
            var otherLosses = restores.GetValueOrDefault(p) - (wasKilled ? 1 : 0);
            var bound = Math.Max(0, otherLosses) * PerHost * hosts.GetValueOrDefault(p);
            Log($"partition {p}{(wasKilled ? " (killed)" : "")}: fetched twice {group.Count()}, {group.Count() - unexplained.Count} in flight at the fault;"
                + $" {unexplained.Count} more, bound {bound} ({otherLosses} other lost activations)");
            Assert.True(unexplained.Count <= bound,
                $"partition {p}: {unexplained.Count} URLs fetched twice that were not in flight at the fault, but only {otherLosses} other lost activations"
                + $" of {hosts.GetValueOrDefault(p)} hosts: {string.Join(' ', unexplained.Take(5).Select(Explain))}");
        }
    }

    private static bool IsRobots(RequestLogEntry e) => e.PathAndQuery.StartsWith("/robots.txt", StringComparison.Ordinal);

    private static string UrlOf(RequestLogEntry e) => "http://" + e.Authority + e.PathAndQuery;

    /// <summary>The job's export through ocrawl is exactly the truth set (HTML 200 results), each URL once, and every
    /// frontier row of the job is settled: nothing lost.</summary>
    public async Task AssertCompleteAndEqualToTruthAsync()
    {
        var file = File(Job + ".jsonl");
        using (var export = await OcrawlAsync("export", Job, "--format", "jsonl", "--out", file))
        {
            Succeeded(export);
        }

        var results = System.IO.File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var urls = results.Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.Equal(urls.Count, urls.Distinct(StringComparer.Ordinal).Count());
        var html = results
            .Where(r => r.GetProperty("status").GetInt32() == 200
                && (r.GetProperty("contentType").GetString() ?? "").StartsWith("text/html", StringComparison.Ordinal))
            .Select(r => r.GetProperty("url").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(html.SetEquals(Truth),
            $"truth {Truth.Count}, fetched {html.Count}; missing {string.Join(' ', Truth.Except(html).Take(3))}; extra {string.Join(' ', html.Except(Truth).Take(3))}");

        await using var command = Db.CreateCommand("SELECT count(*) FILTER (WHERE outcome IS NULL), count(*) FROM frontier WHERE job = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Job });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) == 0, $"{reader.GetInt64(0)} of {reader.GetInt64(1)} frontier rows are not settled");
        Log($"export: {results.Count} results, {html.Count} HTML pages = the truth set; {reader.GetInt64(1)} frontier rows, all settled");

        using var status = await OcrawlAsync("status", Job);
        Succeeded(status);
        Assert.Contains("Completed", status.Output);
    }

    /// <summary>The silos' logs (spans left out), the tail of each, for a failure message; all of it is written to
    /// $OCRAWL_TEST_LOGS/NAME/ when that variable names a folder.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        var keep = Environment.GetEnvironmentVariable("OCRAWL_TEST_LOGS");
        foreach (var silo in Cluster.Silos)
        {
            var lines = LogLines(silo.Output);
            text.Append(CultureInfo.InvariantCulture, $"--- {silo.Name} (port {Cluster.SiloPortOf(silo)}, exited: {silo.HasExited})\n")
                .AppendJoin('\n', lines.TakeLast(40)).Append('\n');
            if (!string.IsNullOrEmpty(keep))
            {
                var dir = Directory.CreateDirectory(Path.Combine(keep, _name)).FullName;
                System.IO.File.WriteAllText(Path.Combine(dir, $"{silo.Name}-{Cluster.SiloPortOf(silo)}.log"), silo.Output);
            }
        }

        return text.ToString();
    }

    /// <summary>The log lines of a silo's output without the console exporter's span blocks.</summary>
    public static List<string> LogLines(string output)
    {
        var lines = new List<string>();
        var inSpan = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("Activity.", StringComparison.Ordinal) || line.StartsWith("Resource associated", StringComparison.Ordinal))
            {
                inSpan = true;
                continue;
            }

            if (inSpan && (line.StartsWith(' ') || line.StartsWith('\t') || line.Length == 0 || line.StartsWith("Instrumentation scope", StringComparison.Ordinal)))
            {
                continue;
            }

            inSpan = false;
            lines.Add(line.TrimEnd('\r'));
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("OCRAWL_TEST_LOGS") is { Length: > 0 })
        {
            _ = Diagnostics();
        }

        Site.Dispose();
        await Db.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>The job's frontier rows right after a fault: those not settled, and every URL that had a row.</summary>
internal sealed record FrontierSnapshot(DateTimeOffset Time, IReadOnlySet<string> Unsettled, IReadOnlySet<string> Known);

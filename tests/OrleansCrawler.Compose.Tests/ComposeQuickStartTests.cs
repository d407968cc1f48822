using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OrleansCrawler.Compose.Tests;

/// <summary>Issue 22, the README's cluster section on a real Docker engine: the images built from deploy/Dockerfile as
/// written, docker-compose.yml brought up with three silos (Redis, PostgreSQL, the test web and the silos as
/// containers, with random Redis and PostgreSQL passwords as deploy/secrets.sh makes them; the published Redis port
/// refuses a client without the password), the test web's seeds submitted from the CLI container, watched to Completed
/// and exported; the export is the test web's truth set, the silos' logs hold spans with page URLs and no start-up
/// errors. Then a second job, one silo container killed (docker kill) mid-crawl, and the truth set again. The project
/// is removed with its volumes (down -v) whatever happens, and a dockerd this test started is stopped.
/// <para>Upstream images cannot be pulled on the CI machines: deploy/standins/build.sh builds local stand-ins (cached
/// per machine by a hash of their recipe) and the compose file's image variables point at them.</para></summary>
public sealed class ComposeQuickStartTests(ITestOutputHelper output)
{
    private const string ProjectName = "ocrawle2e";
    private const int Silos = 3;
    private static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(6);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task ComposeUp_ThreeSilos_CrawlsTheTestWebToItsTruthSet_PrintsSpans_AndSurvivesAKilledSilo()
    {
        await using var engine = await DockerEngine.StartAsync(Log);
        var variables = new Dictionary<string, string>(await StandInsAsync(engine), StringComparer.Ordinal)
        {
            // The engine may have no bridge network (started here): the NuGet restore inside the build uses the host's.
            ["OCRAWL_BUILD_NETWORK"] = "host",
            // Published on loopback, on ports the kernel picks, so nothing here collides with another test's servers.
            ["OCRAWL_REDIS_PUBLISH"] = "127.0.0.1:",
            ["OCRAWL_GATEWAY_PUBLISH"] = "127.0.0.1:",
            ["OCRAWL_CONSOLE_PUBLISH"] = "127.0.0.1:",
            // One page trace in 50 instead of 100, so each job shows hundreds of page spans.
            ["OCRAWL_TRACE_SAMPLE"] = "0.02",
            // A CPU quota per silo container. Above 1, so .NET still counts two processors and keeps the server GC the
            // silo asks for (with 1, Orleans warns that it runs without it).
            ["OCRAWL_SILO_CPUS"] = "1.5",
            ["COMPOSE_DOCKER_CLI_BUILD"] = "0",
            ["DOCKER_BUILDKIT"] = "0",
            // The secrets the compose file requires (deploy/secrets.sh writes them to .env): random for this run, given
            // in the environment (which wins over a .env beside the file), never written to the repository.
            ["OCRAWL_REDIS_PASSWORD"] = "redis" + Guid.NewGuid().ToString("N"),
            ["OCRAWL_POSTGRES_PASSWORD"] = "pg" + Guid.NewGuid().ToString("N"),
        };
        // The TLS certificates (on by default in the compose file) as deploy/secrets.sh makes them, into a folder of
        // this run: the script as users run it (its .env there is not used; the passwords above win).
        var secrets = Directory.CreateTempSubdirectory("ocrawl-compose-secrets-").FullName;
        variables["OCRAWL_SECRETS_DIR"] = Path.Combine(secrets, "tls");
        (await Command.RunAsync("bash", [Path.Combine(Repository.Root, "deploy", "secrets.sh"), Path.Combine(secrets, ".env")], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["OCRAWL_SECRETS_DIR"] = variables["OCRAWL_SECRETS_DIR"] }, Repository.Root)).EnsureSuccess();
        // The web console is on in the compose file, behind the operator token the script wrote (its hash in .env).
        const string hashKey = "OCRAWL_CONSOLE_TOKEN_HASH=";
        variables["OCRAWL_CONSOLE_TOKEN_HASH"] = File.ReadAllLines(Path.Combine(secrets, ".env")).Single(l => l.StartsWith(hashKey, StringComparison.Ordinal))[hashKey.Length..];
        var consoleToken = File.ReadAllText(Path.Combine(variables["OCRAWL_SECRETS_DIR"], "console-token")).Trim();
        var compose = new ComposeProject(ProjectName, variables);
        try
        {
            await compose.DownAsync();
            await BuildAsync(engine, compose);
            var silos = await UpAsync(engine, compose);
            await AssertRedisIsClosedAsync(compose, variables["OCRAWL_REDIS_PASSWORD"]);

            var job = await CrawlAsync(compose);
            await AssertSiloLogsAsync(compose, job);
            await AssertConsoleAsync(compose, job, consoleToken);
            await KillOneSiloMidCrawlAsync(engine, compose, silos);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.GetType().Name}: {ex.Message}\n{await DiagnosticsAsync(compose)}\n{ex.StackTrace}");
        }
        finally
        {
            await DownAsync(engine, compose);
            Directory.Delete(secrets, recursive: true);
        }
    }

    /// <summary>The local stand-ins of the upstream images (built if missing): OCRAWL_*_IMAGE variables.</summary>
    private async Task<Dictionary<string, string>> StandInsAsync(DockerEngine engine)
    {
        var started = _clock.Elapsed;
        var script = Path.Combine(Repository.Root, "deploy", "standins", "build.sh");
        var run = (await Command.RunAsync("bash", [script], TimeSpan.FromMinutes(20),
            new Dictionary<string, string> { ["DOCKER"] = engine.Docker }, Repository.Root)).EnsureSuccess();
        var images = run.Stdout.Split('\n')
            .Select(l => Regex.Match(l.Trim(), @"^(OCRAWL_[A-Z_]+_IMAGE)=(\S+)$"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.Equal(["OCRAWL_POSTGRES_IMAGE", "OCRAWL_REDIS_IMAGE", "OCRAWL_RUNTIME_DEPS_IMAGE", "OCRAWL_SDK_IMAGE"], images.Keys.Order());
        Log($"stand-in images in {Seconds(_clock.Elapsed - started)} ({(run.Stderr.Contains("building", StringComparison.Ordinal) ? "built" : "cached")}): "
            + string.Join(", ", images.Values));
        return images;
    }

    private async Task BuildAsync(DockerEngine engine, ComposeProject compose)
    {
        var started = _clock.Elapsed;
        // --force-rm: a failed step leaves no container behind either.
        (await compose.RunAsync(TimeSpan.FromMinutes(25), "build", "--force-rm", "silo", "testsite", "ocrawl")).EnsureSuccess();
        var sizes = await Command.RunAsync(engine.Docker,
            ["image", "inspect", "--format", "{{index .RepoTags 0}} {{.Size}}", $"{ProjectName}_silo", $"{ProjectName}_ocrawl"], TimeSpan.FromMinutes(1));
        Log($"images built in {Seconds(_clock.Elapsed - started)}: "
            + string.Join(", ", sizes.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).Select(p => $"{p[0]} {long.Parse(p[1], CultureInfo.InvariantCulture) / 1e6:0} MB")));
    }

    /// <summary>`up -d --scale silo=3`, then waits for the test web's "ready" and each silo's "Application started";
    /// returns the silo containers' names.</summary>
    private async Task<IReadOnlyList<string>> UpAsync(DockerEngine engine, ComposeProject compose)
    {
        var started = _clock.Elapsed;
        (await compose.RunAsync(TimeSpan.FromMinutes(5), "up", "-d", "--no-build", "--scale", $"silo={Silos}")).EnsureSuccess();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var silos = (await compose.LogsAsync("silo")).Where(l => l.Text.Contains("Application started", StringComparison.Ordinal))
                .Select(l => l.Container).Distinct().Count();
            var site = (await compose.LogsAsync("testsite")).Any(l => l.Text == "ready");
            if (silos == Silos && site)
            {
                break;
            }

            var states = await ContainerStatesAsync(engine, compose);
            if (states.Any(s => s.State != "running") || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The cluster did not come up ({silos} silos ready, test web ready: {site}): "
                    + string.Join(", ", states.Select(s => $"{s.Name} {s.State}")));
            }

            await Task.Delay(1000);
        }

        var names = (await ContainerStatesAsync(engine, compose)).Select(s => s.Name).Where(n => n.StartsWith($"{ProjectName}_silo_", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(Silos, names.Count);
        var readiness = new List<string>();
        foreach (var name in names)
        {
            var inspect = (await Command.RunAsync(engine.Docker, ["inspect", "--format", "{{.State.StartedAt}} {{.HostConfig.NanoCpus}}", name], TimeSpan.FromMinutes(1))).EnsureSuccess().Stdout.Split(' ');
            // OCRAWL_SILO_CPUS=1.5: each silo container may use one and a half CPUs (cgroup CPU quota).
            Assert.Equal("1500000000", inspect[1].Trim());
            var logs = (await Command.RunAsync(engine.Docker, ["logs", "--timestamps", name], TimeSpan.FromMinutes(1))).EnsureSuccess();
            var ready = (logs.Stdout + logs.Stderr).Split('\n').First(l => l.Contains("Application started", StringComparison.Ordinal)).Split(' ')[0];
            readiness.Add($"{name} {(ParseTime(ready) - ParseTime(inspect[0])).TotalSeconds:0.0} s");
        }

        Log($"cluster up in {Seconds(_clock.Elapsed - started)}; container start to \"Application started\": {string.Join(", ", readiness)}");
        return names;
    }

    /// <summary>Issue 18: the Redis port published on the host refuses a client without the password (NOAUTH: not even
    /// the membership table can be read, so no gateway can be found) and one with a wrong password; with the password
    /// from the compose variables it answers.</summary>
    private async Task AssertRedisIsClosedAsync(ComposeProject compose, string password)
    {
        var published = (await compose.RunAsync(TimeSpan.FromMinutes(1), "port", "redis", "6379")).EnsureSuccess().Stdout.Trim();
        var endpoint = IPEndPoint.Parse(published);
        Assert.True(IPAddress.IsLoopback(endpoint.Address), $"Redis is published on {published}, not on loopback");
        var replies = await RedisProbe.SendAsync(endpoint, ["PING"], ["KEYS", "*"], ["AUTH", "not-the-password"], ["AUTH", password], ["PING"]);
        Assert.StartsWith("-NOAUTH", replies[0]);
        Assert.StartsWith("-NOAUTH", replies[1]);
        Assert.StartsWith("-WRONGPASS", replies[2]);
        Assert.Equal(["+OK", "+PONG"], replies.Skip(3));
        Log($"redis published on {published}: without the password \"{replies[0]}\", a wrong one \"{replies[2]}\", the right one {replies[3]}");
    }

    /// <summary>The quick start: submit the seeds the test web wrote, watch to Completed, export to standard output,
    /// compare with the truth set. Returns the job id.</summary>
    private async Task<string> CrawlAsync(ComposeProject compose)
    {
        var started = _clock.Elapsed;
        var job = await SubmitAsync(compose);
        var watch = await compose.OcrawlAsync(JobLimit, "watch", job);
        Assert.True(watch.ExitCode == 0, $"ocrawl watch exited {watch.ExitCode}:\n{watch.Stdout}\n{CommandResult.Tail(watch.Stderr)}");
        Assert.Contains("state      Completed", watch.Stdout);
        Assert.Matches(@"fetched +[\d,]+ responses, 0 failed", watch.Stdout);
        // The web links to missing pages on purpose: 404 is the only kind of error a correct crawl of it may count.
        Assert.Matches(@"errors +(none|http-404 [\d,]+)\r?\n", watch.Stdout);
        Log($"job {job} completed in {Seconds(_clock.Elapsed - started)}:\n{watch.Stdout.TrimEnd()}");

        var export = (await compose.OcrawlAsync(TimeSpan.FromMinutes(3), "export", job, "--format", "jsonl")).EnsureSuccess();
        Log("export: " + CrawlExport.AssertIsTheTruthSet(export.Stdout, await TruthAsync(compose)));
        return job;
    }

    /// <summary>Spans with this job's page URLs in `docker-compose logs silo`; no error at start-up (the log lines
    /// outside spans, before any silo was killed).</summary>
    private async Task AssertSiloLogsAsync(ComposeProject compose, string job)
    {
        var lines = await compose.LogsAsync("silo");
        var pages = ConsoleSpan.Parse(lines)
            .Where(s => s.Name == "page" && s.Tags.GetValueOrDefault("job") == job
                && s.Tags.GetValueOrDefault("url", "").StartsWith("http://testsite:", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(pages);
        Log($"{pages.Count} page spans of {job} in the silos' logs, e.g. {pages[0].Container}: page url={pages[0].Tags["url"]} "
            + $"status={pages[0].Tags.GetValueOrDefault("http.response.status_code")} outcome={pages[0].Tags.GetValueOrDefault("outcome")}");

        var logLines = LogLines(lines).ToList();
        string[] errors = ["fail:", "crit:", "libgssapi", "cannot open shared object", "Unhandled exception", "Exception:"];
        // An exception printed inside a warning's entry (its indented lines, e.g. a membership probe that timed out while
        // the machine was busy) belongs to that warning: listed below, not judged.
        var bad = InWarning(logLines).Where(l => !l.InWarning && errors.Any(e => l.Text.Contains(e, StringComparison.Ordinal)))
            .Select(l => (l.Container, l.Text)).ToList();
        Assert.True(bad.Count == 0, "errors in the silos' logs:\n" + string.Join('\n', bad.Take(20).Select(l => $"{l.Container} | {l.Text}")));
        // Warnings are reported, not judged: a slow moment on a busy machine may bring one.
        var warnings = logLines.Select((l, i) => (l, i)).Where(x => x.l.Text.StartsWith("warn:", StringComparison.Ordinal))
            .Select(x => $"{x.l.Container} {x.l.Text} {(x.i + 1 < logLines.Count ? logLines[x.i + 1].Text.Trim() : "")}").ToList();
        Log($"silo logs: {logLines.Count} log lines outside spans, no errors, {warnings.Count} warnings"
            + (warnings.Count == 0 ? "" : ":\n" + string.Join('\n', warnings.Take(10))));
    }

    /// <summary>Issue 19: every silo container serves the web console's API on its published port; without the token it
    /// answers 401; with it, each replica tells the same story of the job the CLI watched (its state, and as many
    /// fetched pages as PostgreSQL holds results of it), the results page by page, and the three silos with the job's
    /// partitions spread over them.</summary>
    private async Task AssertConsoleAsync(ComposeProject compose, string job, string token)
    {
        var stored = await CountResultsAsync(compose, job);
        var report = new List<string>();
        for (var index = 1; index <= Silos; index++)
        {
            var published = (await compose.RunAsync(TimeSpan.FromMinutes(1), "port", $"--index={index}", "silo", "8080")).EnsureSuccess().Stdout.Trim();
            var endpoint = IPEndPoint.Parse(published);
            Assert.True(IPAddress.IsLoopback(endpoint.Address), $"the console of silo {index} is published on {published}, not on loopback");
            using var http = new HttpClient { BaseAddress = new Uri($"http://{published}"), Timeout = TimeSpan.FromSeconds(30) };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/jobs/{job}")).StatusCode);

            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var status = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{job}"));
            Assert.Equal("completed", status.RootElement.GetProperty("state").GetString());
            var counters = status.RootElement.GetProperty("counters");
            Assert.Equal(stored, counters.GetProperty("fetched").GetInt64() + counters.GetProperty("failed").GetInt64());

            using var results = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{job}/results?limit=25"));
            var urls = results.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToList();
            Assert.Equal(25, urls.Count);
            Assert.All(urls, u => Assert.StartsWith("http://testsite:", u));

            using var silos = JsonDocument.Parse(await http.GetStringAsync("/api/silos"));
            var active = silos.RootElement.EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").ToList();
            Assert.Equal(Silos, active.Count);
            report.Add($"{published}: {counters.GetProperty("fetched").GetInt64()} fetched, {active.Count} active silos");
        }

        Log($"console API of each silo (401 without the token): {string.Join("; ", report)}; {stored} results of {job} in PostgreSQL");
    }

    /// <summary>A second job; once it has stored a fifth of the first one's results, one silo container is killed (its page
    /// spans say which partitions it crawled). The job still completes with the truth set, and
    /// the survivors restored the killed silo's partitions from the frontier store.</summary>
    private async Task KillOneSiloMidCrawlAsync(DockerEngine engine, ComposeProject compose, IReadOnlyList<string> silos)
    {
        var total = long.Parse(await compose.QueryAsync("SELECT count(*) FROM results"), CultureInfo.InvariantCulture);
        var submitted = DateTimeOffset.UtcNow.AddSeconds(-2);
        var job = await SubmitAsync(compose);
        var wanted = total / 5;
        var deadline = DateTime.UtcNow + JobLimit;
        long stored;
        while ((stored = await CountResultsAsync(compose, job)) < wanted)
        {
            var state = await compose.QueryAsync($"SELECT state FROM jobs WHERE job = '{job}'");
            Assert.True(state is "" or "Running" && DateTime.UtcNow < deadline, $"job {job} is {state} with {stored} of {wanted} results before the kill");
            await Task.Delay(250);
        }

        // Killed at once: reading the silos' logs first took long enough on a loaded machine for the job to finish
        // before the kill. A silo of three crawls some of the job's partitions; its log, read after the kill (docker
        // logs reads an exited container's too, and far faster than docker-compose logs reads them all), says which.
        var victim = silos[^1];
        (await Command.RunAsync(engine.Docker, ["kill", victim], TimeSpan.FromMinutes(1))).EnsureSuccess();
        var atKill = await CountResultsAsync(compose, job);
        var victimLog = (await Command.RunAsync(engine.Docker, ["logs", "--since", submitted.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), victim],
            TimeSpan.FromMinutes(1))).EnsureSuccess();
        List<ConsoleSpan> pages = [.. ConsoleSpan.Parse(victimLog.Stdout.Split('\n').Select(l => (victim, l.TrimEnd('\r'))))
            .Where(s => s.Name == "page" && s.Tags.GetValueOrDefault("job") == job)];
        Assert.NotEmpty(pages);
        var partitions = pages.Select(s => s.Tags["partition"]).ToHashSet(StringComparer.Ordinal);
        Log($"job {job}: {stored} results stored, {atKill} at the kill of {victim} (its page spans: {pages.Count}, partitions {string.Join(',', partitions.Order())})");
        Assert.True(atKill < total, $"job {job} had stored all {atKill} results before the kill: the kill was not mid-crawl");

        var watch = await compose.OcrawlAsync(JobLimit, "watch", job);
        Assert.True(watch.ExitCode == 0, $"ocrawl watch exited {watch.ExitCode}:\n{watch.Stdout}\n{CommandResult.Tail(watch.Stderr)}");
        Assert.Contains("state      Completed", watch.Stdout);
        Log($"job {job} completed with one silo killed:\n{watch.Stdout.TrimEnd()}");
        var killed = (await Command.RunAsync(engine.Docker, ["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", victim], TimeSpan.FromMinutes(1))).EnsureSuccess();
        Assert.Equal("exited 137", killed.Stdout.Trim());

        // The export goes to the seeds volume this time (--out), as the README shows, written by the CLI's user.
        (await compose.OcrawlAsync(TimeSpan.FromMinutes(3), "export", job, "--format", "jsonl", "--out", $"/seeds/{job}.jsonl")).EnsureSuccess();
        var export = (await compose.ExecAsync("testsite", "cat", $"/seeds/{job}.jsonl")).EnsureSuccess().Stdout;
        Log("export: " + CrawlExport.AssertIsTheTruthSet(export, await TruthAsync(compose)));

        var restored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var survivor in silos.Where(s => s != victim))
        {
            var log = (await Command.RunAsync(engine.Docker, ["logs", "--since", submitted.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), survivor],
                TimeSpan.FromMinutes(1))).EnsureSuccess();
            restored.UnionWith(Regex.Matches(log.Stdout, $@"Partition {Regex.Escape(job)}/(\d+) restored").Select(m => m.Groups[1].Value));
        }

        Assert.True(restored.Overlaps(partitions),
            $"no partition of the killed silo ({string.Join(',', partitions.Order())}) was restored by a survivor (restored: {string.Join(',', restored.Order())})");
        Log($"survivors restored partitions {string.Join(',', restored.Order())} of {job} from the frontier store");
    }

    private static async Task<string> SubmitAsync(ComposeProject compose)
    {
        var submit = (await compose.OcrawlAsync(TimeSpan.FromMinutes(2), "submit", "/seeds/seeds.txt", "--delay", "0")).EnsureSuccess();
        var job = submit.Stdout.Trim();
        Assert.Matches(@"^job-[0-9a-z-]+$", job);
        return job;
    }

    private static async Task<long> CountResultsAsync(ComposeProject compose, string job) =>
        long.Parse(await compose.QueryAsync($"SELECT count(*) FROM results WHERE job = '{job}'"), CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyCollection<string>> TruthAsync(ComposeProject compose)
    {
        var truth = (await compose.ExecAsync("testsite", "cat", "/seeds/truth.txt")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(truth);
        return truth;
    }

    private static async Task<IReadOnlyList<(string Name, string State)>> ContainerStatesAsync(DockerEngine engine, ComposeProject compose)
    {
        var ids = (await compose.RunAsync(TimeSpan.FromMinutes(1), "ps", "-q")).EnsureSuccess().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return [];
        }

        var inspect = (await Command.RunAsync(engine.Docker, ["inspect", "--format", "{{.Name}} {{.State.Status}}", .. ids], TimeSpan.FromMinutes(1))).EnsureSuccess();
        return [.. inspect.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().TrimStart('/').Split(' ')).Select(p => (p[0], p[1]))];
    }

    /// <summary>The log lines of the services, spans left out (the console exporter's blocks).</summary>
    private static IEnumerable<(string Container, string Text)> LogLines(IEnumerable<(string Container, string Text)> lines) =>
        lines.Where(l => !(l.Text.StartsWith("Activity.", StringComparison.Ordinal)
            || l.Text.StartsWith("    ", StringComparison.Ordinal) && !l.Text.StartsWith("      ", StringComparison.Ordinal)
            || l.Text.StartsWith("Instrumentation scope", StringComparison.Ordinal)
            || l.Text.StartsWith("Resource associated", StringComparison.Ordinal)
            || l.Text.StartsWith("StatusCode:", StringComparison.Ordinal)
            || l.Text.StartsWith("StatusDescription:", StringComparison.Ordinal)
            || l.Text.Length == 0));

    /// <summary>Each log line with whether it is part of a <c>warn:</c> entry (the level line or the indented lines under
    /// it), per container.</summary>
    private static IEnumerable<(string Container, string Text, bool InWarning)> InWarning(IEnumerable<(string Container, string Text)> lines)
    {
        var level = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (container, text) in lines)
        {
            var entry = Regex.Match(text, "^(trce|dbug|info|warn|fail|crit): ");
            if (entry.Success)
            {
                level[container] = entry.Groups[1].Value;
            }
            else if (!text.StartsWith(' '))
            {
                level.Remove(container);
            }

            yield return (container, text, level.GetValueOrDefault(container) == "warn");
        }
    }

    /// <summary>What a failure message needs: the containers' states and the tail of each service's log lines.</summary>
    private async Task<string> DiagnosticsAsync(ComposeProject compose)
    {
        var text = new StringBuilder();
        try
        {
            text.AppendLine((await compose.RunAsync(TimeSpan.FromMinutes(1), "ps")).Stdout);
            foreach (var service in new[] { "redis", "postgres", "testsite", "silo" })
            {
                foreach (var container in LogLines(await compose.LogsAsync(service)).GroupBy(l => l.Container))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"--- {container.Key}");
                    foreach (var line in container.TakeLast(30))
                    {
                        text.AppendLine(line.Text);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"(diagnostics incomplete: {ex.Message})");
        }

        return text.ToString();
    }

    /// <summary>down -v, and build leftovers of this project's images older than a day (labelled ocrawl.stage in
    /// deploy/Dockerfile) removed, so a machine that runs this often does not fill up; the layers still in use stay.</summary>
    private async Task DownAsync(DockerEngine engine, ComposeProject compose)
    {
        try
        {
            var down = await compose.DownAsync();
            Log($"down -v: exit {down.ExitCode}");
            await Command.RunAsync(engine.Docker, ["image", "prune", "--force", "--filter", "label=ocrawl.stage", "--filter", "until=24h"], TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException ex)
        {
            Log($"clean-up: {ex.Message}");
        }
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(Regex.Replace(text.Trim(), @"(\.\d{7})\d+", "$1"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0} s";

    private void Log(string line) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {line}");
}

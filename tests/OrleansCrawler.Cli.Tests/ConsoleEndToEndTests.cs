using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansCrawler.Cli.Tests;

/// <summary><c>ocrawl run --demo --console 0</c> as a real process: the printed address and one-time token reach the API.</summary>
public partial class ConsoleEndToEndTests
{
    [Fact]
    public async Task RunDemoWithConsole_PrintsAToken_TheApiServesTheJob_UntilCtrlC()
    {
        using var dir = new TempDirectory();
        using var run = OcrawlProcess.Start(dir.Path, "run", "--demo", "--demo-pages", "200", "--demo-hosts", "2", "--console", "0",
            "--data", dir.File("data"), "--quiet");
        await run.WaitForOutputAsync("Results: job", TimeSpan.FromMinutes(3));
        // Then, on standard error, that the console stays up after the crawl.
        for (var i = 0; i < 600 && !run.Stderr.Contains("Console still on", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains("Console still on", run.Stderr, StringComparison.Ordinal);
        var printed = ConsoleLine().Match(run.Stderr);
        Assert.True(printed.Success, run.Stderr);
        using var http = new HttpClient { BaseAddress = new Uri(printed.Groups["address"].Value) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/jobs")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", printed.Groups["token"].Value);
        var jobs = JsonDocument.Parse(await http.GetStringAsync("/api/jobs")).RootElement;

        var job = Assert.Single(jobs.EnumerateArray());
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("counters").GetProperty("fetched").GetInt64() > 0);
        Assert.DoesNotContain(printed.Groups["token"].Value, await File.ReadAllTextAsync(Path.Combine(dir.File("data"), "run.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("Console", await File.ReadAllTextAsync(Path.Combine(dir.File("data"), "run.json")), StringComparison.Ordinal);
        run.Terminate();
        await run.WaitForExitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, run.ExitCode);
    }

    [GeneratedRegex(@"Console: (?<address>http://127\.0\.0\.1:\d+/) \(one-time operator token.*: (?<token>[0-9a-f]{64})\)")]
    private static partial Regex ConsoleLine();
}

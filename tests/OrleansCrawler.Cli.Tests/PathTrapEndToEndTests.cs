using System.Text.Json;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Issue 18's trap: a never-ending <c>/cal/YYYY/MM/</c> calendar without a query (test-web fault mode
/// <see cref="FaultMode.PathCalendar"/>). The crawl must end by itself, fetch at most the path-variants bound of it,
/// store the refusals with their reason and name the rule in its summary.</summary>
public class PathTrapEndToEndTests
{
    private const int Bound = 40;

    [Fact]
    public async Task Run_PathCalendar_EndsByItselfWithinTheBound()
    {
        using var dir = new TempDirectory();
        using var site = OcrawlProcess.Start(dir.Path, "testsite", "--pages", "60", "--hosts", "2",
            "--seeds-out", "seeds.txt", "--request-log", "requests.tsv", "--fault", "1=path-calendar");
        await site.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));

        using var run = await OcrawlProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(3), "run", "seeds.txt", "--data", "data", "--out", "results.jsonl",
            "--delay", "0", "--max-path-variants", Bound.ToString(System.Globalization.CultureInfo.InvariantCulture));
        site.Terminate();
        await site.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        Assert.Contains("Completed", run.Stdout);
        Assert.Matches(@"Refused by trap rule: .*path-variants [1-9]", run.Stdout);

        var calendarRequests = RequestLog.Load(dir.File("requests.tsv")).Count(e => e.PathAndQuery.StartsWith("/cal/", StringComparison.Ordinal));
        Assert.InRange(calendarRequests, Bound / 2, Bound);

        var refused = File.ReadLines(dir.File("results.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("error").ValueKind == JsonValueKind.String
                && r.GetProperty("error").GetString()!.StartsWith($"trap: path-variants (more than {Bound} URLs like /cal/#/#/)", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.StartsWith("/cal/", new Uri(r.GetProperty("url").GetString()!).AbsolutePath));
    }
}

using System.Text.RegularExpressions;

namespace OrleansCrawler.Cli.Tests;

/// <summary>`ocrawl run --trace` as a real process: its spans come out through the OpenTelemetry console exporter.</summary>
public partial class TraceEndToEndTests
{
    [Fact]
    public async Task Run_DemoWithTrace_WritesFetchAndParseSpansWithTheirUrls()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, TimeSpan.FromMinutes(5), "run", "--demo", "--demo-pages", "100", "--demo-hosts", "2", "--trace", "-q");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstderr:\n{run.Stderr}");
        var spans = run.Stdout.Split("\n\n").Where(s => s.Contains("Activity.TraceId:", StringComparison.Ordinal)).ToList();
        Assert.Contains(spans, s => IsSpan(s, "fetch") && UrlTag().IsMatch(s));
        Assert.Contains(spans, s => IsSpan(s, "parse") && UrlTag().IsMatch(s));
        Assert.Contains(spans, s => IsSpan(s, "store"));
        Assert.DoesNotContain(spans, s => s.Contains("IMembershipTable/", StringComparison.Ordinal));
    }

    private static bool IsSpan(string block, string name) =>
        Regex.IsMatch(block, $@"Activity\.DisplayName:\s+{name}\s*$", RegexOptions.Multiline) && block.Contains("Name: OrleansCrawler", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s+url: http://127\.0\.0\.1:\d+/", RegexOptions.Multiline)]
    private static partial Regex UrlTag();
}

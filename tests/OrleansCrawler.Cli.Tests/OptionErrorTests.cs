namespace OrleansCrawler.Cli.Tests;

/// <summary>Every invalid option value, through the real <c>ocrawl</c> entry point: exit code 2 and one line naming the
/// option and the value, never the help page; nothing is crawled and no cluster is contacted.</summary>
public class OptionErrorTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    [Theory]
    // negative
    [InlineData("--concurrency", "-5")]
    [InlineData("--max-pages", "-1")]
    [InlineData("--max-depth", "-2")]
    [InlineData("--retries", "-2")]
    [InlineData("--host-retries", "-1")]
    [InlineData("--host-budget", "-3")]
    [InlineData("--timeout", "-1s")]
    [InlineData("--delay", "-250ms")]
    // zero where zero means nothing
    [InlineData("--concurrency", "0")]
    [InlineData("--per-host", "0")]
    [InlineData("--partitions", "0")]
    [InlineData("--max-query-variants", "0")]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "0ms")]
    // too large or too small
    [InlineData("--partitions", "5000")]
    [InlineData("--max-body-bytes", "10")]
    [InlineData("--max-url-length", "8")]
    [InlineData("--trace-sample", "1.5")]
    [InlineData("--delay", "2d")]
    // unparsable
    [InlineData("--concurrency", "abc")]
    [InlineData("--max-pages", "1e3")]
    [InlineData("--max-body-bytes", "99999999999")]
    [InlineData("--scope", "planet")]
    [InlineData("--scope", "1")]
    [InlineData("--delay", "soon")]
    [InlineData("--delay", "NaN")]
    [InlineData("--max-crawl-delay", "forever")]
    [InlineData("--host-delay", "example.com")]
    [InlineData("--trace-sample", "half")]
    [InlineData("--demo-pages", "0")]
    [InlineData("--contact", "me (at) example.org")]
    [InlineData("--console", "abc")]
    [InlineData("--console", "70000")]
    public async Task Run_BadValue_ExitsTwoWithOneLineNamingOptionAndValue(string option, string value)
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", "--data", "data", option, value);

        AssertOneLineError(run, option, value);
        Assert.False(Directory.Exists(dir.File("data")));
    }

    [Theory]
    [InlineData("--concurrency", "-5")]
    [InlineData("--timeout", "0")]
    [InlineData("--max-body-bytes", "abc")]
    [InlineData("--scope", "planet")]
    [InlineData("--delay", "soon")]
    public async Task Submit_BadValue_ExitsTwoWithOneLineNamingOptionAndValue(string option, string value)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("seeds.txt"), "http://127.0.0.1:9/\n");

        // The cluster address is unused: the value is refused before any connection is tried.
        using var submit = await OcrawlProcess.RunAsync(dir.Path, Limit, "submit", "seeds.txt", "--cluster", "redis://127.0.0.1:9", option, value);

        AssertOneLineError(submit, option, value);
    }

    [Fact]
    public async Task Run_OptionWithoutValue_ExitsTwoNamingTheOption()
    {
        using var dir = new TempDirectory();

        using var run = await OcrawlProcess.RunAsync(dir.Path, Limit, "run", "--demo", "--concurrency");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.Contains("--concurrency", line);
    }

    private static void AssertOneLineError(OcrawlProcess process, string option, string value)
    {
        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}\nstdout:\n{process.Stdout}\nstderr:\n{process.Stderr}");
        var line = Assert.Single(Lines(process.Stderr));
        Assert.StartsWith("error: ", line);
        Assert.Contains(option, line);
        Assert.Contains($"'{value}'", line);
        Assert.DoesNotContain("Usage", process.Stdout + process.Stderr);
        Assert.Empty(Lines(process.Stdout));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

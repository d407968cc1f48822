using System.CommandLine;

namespace OrleansCrawler.TestSite.Tests;

public sealed class TestSiteCommandTests
{
    [Theory]
    [InlineData("--pages 0", "--pages")]
    [InlineData("--latency abc", "--latency")]
    [InlineData("--hosts -1", "--hosts")]
    [InlineData("--pages 2 --hosts 3", "--pages")]
    [InlineData("--pages many", "many")]
    [InlineData("--fault 1=meltdown", "--fault")]
    [InlineData("--fault one=gzip-bomb", "--fault")]
    [InlineData("--hosts 2 --fault 5=gzip-bomb", "host 5")]
    [InlineData("--articles 101", "--articles")]
    [InlineData("--articles -1", "--articles")]
    public async Task InvalidOptions_FailWithAMessageNamingTheOption(string args, string expected)
    {
        var (exitCode, _, error) = await InvokeAsync(TestSiteCommand.CreateRoot(), args.Split(' '));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptions_AlsoFailAsASubcommand()
    {
        var root = new RootCommand { TestSiteCommand.Create() };

        var (exitCode, _, error) = await InvokeAsync(root, ["testsite", "--latency", "5 minutes"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--latency", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WritesSeedsAndTruth_PrintsReady_AndExitsZeroWhenCancelled()
    {
        string dir = Directory.CreateTempSubdirectory("testsite-cmd-").FullName;
        string seeds = Path.Combine(dir, "seeds.txt");
        string truth = Path.Combine(dir, "truth.txt");
        try
        {
            using var cts = new CancellationTokenSource();
            var output = new ReadyWriter();
            var config = new InvocationConfiguration { Output = output, Error = new StringWriter(), ProcessTerminationTimeout = null };
            var run = TestSiteCommand.CreateRoot()
                .Parse(["--pages", "40", "--hosts", "2", "--latency", "1ms", "--seeds-out", seeds, "--truth-out", truth])
                .InvokeAsync(config, cts.Token);

            await Task.WhenAny(output.Ready.Task, run).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(run.IsCompleted, "the command should keep serving until cancelled");

            var seedLines = await File.ReadAllLinesAsync(seeds);
            Assert.Equal(2, seedLines.Length);
            Assert.Subset((await File.ReadAllLinesAsync(truth)).ToHashSet(), seedLines.ToHashSet());
            using var client = WebHelpers.CreateClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(seedLines[1])).StatusCode);

            await cts.CancelAsync();
            Assert.Equal(0, await run);
            Assert.StartsWith(string.Join(Environment.NewLine, seedLines) + Environment.NewLine + "ready", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Captures output and signals when the command prints "ready".</summary>
    private sealed class ReadyWriter : StringWriter
    {
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            if (value == "ready")
            {
                Ready.TrySetResult();
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override string ToString()
        {
            lock (this)
            {
                return base.ToString();
            }
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(Command command, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return (exitCode, output.ToString(), error.ToString());
    }
}

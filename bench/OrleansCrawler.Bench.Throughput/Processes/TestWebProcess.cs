using System.Globalization;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>The synthetic test web as its own process (<c>ocrawl testsite</c>), so that its serving cost is never
/// counted as the crawler's. Its seeds and truth set are read from the files it writes before "ready".</summary>
public sealed class TestWebProcess : IAsyncDisposable
{
    private TestWebProcess(MeteredProcess process, IReadOnlyList<string> seeds, IReadOnlyList<string> truth, string seedsFile)
    {
        Process = process;
        Seeds = seeds;
        Truth = truth;
        SeedsFile = seedsFile;
    }

    public MeteredProcess Process { get; }

    public IReadOnlyList<string> Seeds { get; }

    /// <summary>The pages a correct crawler fetches (normalized URLs).</summary>
    public IReadOnlyList<string> Truth { get; }

    public string SeedsFile { get; }

    /// <summary>The web's request log, when it keeps one.</summary>
    public string? RequestLogFile { get; private init; }

    public static async Task<TestWebProcess> StartAsync(string ocrawlDll, int pages, int hosts, TimeSpan latency, string directory,
        CancellationToken cancellationToken, bool requestLog = false)
    {
        Directory.CreateDirectory(directory);
        var seedsFile = Path.Combine(directory, "seeds.txt");
        var truthFile = Path.Combine(directory, "truth.txt");
        var args = new List<string>
        {
            ocrawlDll, "testsite", "--pages", pages.ToString(CultureInfo.InvariantCulture), "--hosts", hosts.ToString(CultureInfo.InvariantCulture),
            "--seeds-out", seedsFile, "--truth-out", truthFile,
        };
        if (latency > TimeSpan.Zero)
        {
            args.AddRange(["--latency", ((int)latency.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)]);
        }

        var requestLogFile = requestLog ? Path.Combine(directory, "requests.tsv") : null;
        if (requestLogFile is not null)
        {
            args.AddRange(["--request-log", requestLogFile]);
        }

        var process = MeteredProcess.Start("testsite", "dotnet", args, directory);
        try
        {
            await process.WaitForLineAsync(l => l == "ready", TimeSpan.FromMinutes(5), cancellationToken);
            var seeds = (await File.ReadAllLinesAsync(seedsFile, cancellationToken)).Where(l => l.Length > 0).ToList();
            var truth = (await File.ReadAllLinesAsync(truthFile, cancellationToken)).Where(l => l.Length > 0).ToList();
            return new TestWebProcess(process, seeds, truth, seedsFile) { RequestLogFile = requestLogFile };
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

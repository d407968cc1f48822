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
        CancellationToken cancellationToken, bool requestLog = false, int basePort = 0, int articles = 0, int products = 0)
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

        // Page kinds (percent of pages): articles in a news site's boilerplate, product pages with known fields.
        if (articles > 0)
        {
            args.AddRange(["--articles", articles.ToString(CultureInfo.InvariantCulture)]);
        }

        if (products > 0)
        {
            args.AddRange(["--products", products.ToString(CultureInfo.InvariantCulture)]);
        }

        if (basePort > 0)
        {
            args.AddRange(["--base-port", basePort.ToString(CultureInfo.InvariantCulture)]);
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

    /// <summary>Another server (nginx serving a static copy: <see cref="NginxWeb"/>) in the live web's place: the same
    /// seeds and truth, its own process metered as the web.</summary>
    public static TestWebProcess Serving(MeteredProcess server, TestWebProcess copyOf)
    {
        ArgumentNullException.ThrowIfNull(copyOf);
        return new TestWebProcess(server, copyOf.Seeds, copyOf.Truth, copyOf.SeedsFile);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

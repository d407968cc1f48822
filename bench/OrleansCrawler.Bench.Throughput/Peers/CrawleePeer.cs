using System.Globalization;
using OrleansCrawler.Bench.Throughput.Processes;

namespace OrleansCrawler.Bench.Throughput.Peers;

/// <summary>Crawlee's CheerioCrawler (npm, installed globally), in-memory storage, robots.txt obeyed, following
/// same-hostname links; a script written here logs each handled URL. Needs node and <c>npm i -g crawlee</c>.</summary>
public sealed class CrawleePeer : PeerCrawler
{
    private const string Script = """
        const fs = require('fs');
        const { CheerioCrawler, Configuration } = require('crawlee');
        const [seedsFile, outFile, concurrency] = process.argv.slice(2);
        const seeds = fs.readFileSync(seedsFile, 'utf8').split('\n').map(s => s.trim()).filter(Boolean);
        const out = fs.createWriteStream(outFile);
        const config = new Configuration({ persistStorage: false, purgeOnStart: true });
        const crawler = new CheerioCrawler({
            maxConcurrency: Number(concurrency),
            minConcurrency: Number(concurrency),
            respectRobotsTxtFile: true,
            maxRequestRetries: 0,
            maxRequestsPerCrawl: 10000000,
            additionalMimeTypes: ['image/png', 'application/pdf'],
            async requestHandler({ request, response, enqueueLinks }) {
                out.write(`${response.statusCode}\t${request.loadedUrl ?? request.url}\n`);
                await enqueueLinks({ strategy: 'same-hostname' });
            },
            async failedRequestHandler({ request, response }) {
                out.write(`${response?.statusCode ?? 0}\t${request.url}\n`);
            },
        }, config);
        crawler.run(seeds).then(() => out.end());
        """;

    public override string Name => "crawlee";

    public override string? Unavailable()
    {
        if (OnPath("node") is null)
        {
            return "node is not installed";
        }

        return GlobalModules() is { } root && Directory.Exists(Path.Combine(root, "crawlee")) ? null : "crawlee is not installed (npm i -g crawlee)";
    }

    protected override (string FileName, IReadOnlyList<string> Arguments) Command(TestWebProcess web, string directory, ThroughputOptions options)
    {
        var script = Path.Combine(directory, "crawl.js");
        File.WriteAllText(script, Script);
        return ("node", [script, web.SeedsFile, Path.Combine(directory, "fetched.tsv"), options.Concurrency.ToString(CultureInfo.InvariantCulture)]);
    }

    protected override IReadOnlyDictionary<string, string?>? Environment() => new Dictionary<string, string?> { ["NODE_PATH"] = GlobalModules() };

    protected override IReadOnlyList<(string Url, int Status)> Fetched(string directory)
    {
        return ReadStatusLines(Path.Combine(directory, "fetched.tsv"));
    }

    protected override string Describe(ThroughputOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"Crawlee CheerioCrawler, in-memory, respectRobotsTxtFile, maxConcurrency {options.Concurrency}");

    /// <summary>npm's global node_modules (where <c>npm i -g</c> puts packages): NODE_PATH, else the usual prefixes.</summary>
    internal static string? GlobalModules() =>
        new[] { System.Environment.GetEnvironmentVariable("NODE_PATH"), "/usr/local/lib/node_modules", "/usr/lib/node_modules" }
            .FirstOrDefault(d => !string.IsNullOrEmpty(d) && Directory.Exists(d));
}

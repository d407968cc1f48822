using System.Globalization;
using OrleansCrawler.Bench.Measurement;
using OrleansCrawler.Bench.Throughput.Processes;
using OrleansCrawler.Bench.Throughput.Reporting;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Bench.Throughput.Peers;

/// <summary>Another crawler run on the same test web (<c>--peers</c>), only when it is installed: metered from
/// outside like ocrawl (launch to exit, last poll), its fetched URLs read from what it writes, and its 200 pages
/// compared with the truth set. Peers normalize URLs their own way and may fetch other things (images, PDFs), so
/// their check is the share of the truth they fetched, not an exact match.</summary>
public abstract class PeerCrawler
{
    public static IReadOnlyList<PeerCrawler> All { get; } = [new Wget2Peer(), new ScrapyPeer(), new CrawleePeer()];

    public abstract string Name { get; }

    /// <summary>Null when it can run here; else why not (and how to install it).</summary>
    public abstract string? Unavailable();

    /// <summary>The program and its arguments.</summary>
    protected abstract (string FileName, IReadOnlyList<string> Arguments) Command(TestWebProcess web, string directory, ThroughputOptions options);

    /// <summary>Every URL it requested, with the HTTP status (0 when unknown), from the files it wrote.</summary>
    protected abstract IReadOnlyList<(string Url, int Status)> Fetched(string directory);

    protected abstract string Describe(ThroughputOptions options);

    /// <summary>Extra environment variables of its process.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Environment() => null;

    /// <summary>Lines of "STATUS\tURL", as the scripts written by the peers here log them.</summary>
    protected static IReadOnlyList<(string Url, int Status)> ReadStatusLines(string path) =>
        !File.Exists(path) ? [] : [.. File.ReadLines(path).Select(l => l.Split('\t', 2)).Where(f => f.Length == 2)
            .Select(f => (f[1], int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0))];

    public async Task<ThroughputRow> RunAsync(string workload, TestWebProcess web, string directory, ThroughputOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web);
        ArgumentNullException.ThrowIfNull(options);
        if (Unavailable() is { } why)
        {
            return ThroughputRow.Skipped(workload, Name, why);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var (fileName, arguments) = Command(web, directory, options);
        var serverCpu = ChildProcessMeter.Cpu(web.Process.Id);
        var reapedCpu = ReapedChildrenCpu.Now();
        await using var process = MeteredProcess.Start(Name, fileName, arguments, directory, Environment());
        int exit;
        try
        {
            exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(Math.Max(600, web.Truth.Count / 20.0)), cancellationToken);
        }
        catch (TimeoutException ex)
        {
            return ThroughputRow.Skipped(workload, Name, $"did not finish: {ex.Message.Split('\n')[0]}");
        }

        var exitCpu = ReapedChildrenCpu.Now() - reapedCpu;
        serverCpu = ChildProcessMeter.Cpu(web.Process.Id) - serverCpu;
        var fetched = Fetched(directory);
        if (fetched.Count == 0)
        {
            return ThroughputRow.Skipped(workload, Name, $"exited {exit} having fetched nothing: {Tail(process.Output)}");
        }

        var pages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (url, status) in fetched)
        {
            if (status == 200 && UrlNormalizer.TryNormalize(url, null, out var normalized))
            {
                pages.Add(normalized);
            }
        }

        var found = web.Truth.Count(pages.Contains);
        var window = process.Measured();
        var check = string.Create(CultureInfo.InvariantCulture, $"{found:N0} of {web.Truth.Count:N0} truth pages ({(double)found / web.Truth.Count:P1})");
        return new ThroughputRow(workload, Name, 1, fetched.Count, window.Wall.TotalSeconds, window.Cpu.TotalSeconds, window.ProcessCpu.TotalSeconds,
            window.PeakBytes, serverCpu.TotalSeconds, check, true, string.Create(CultureInfo.InvariantCulture, $"{Describe(options)}; exit {exit}; launch to exit, start-up included"))
        {
            ExitCpuSeconds = exitCpu?.TotalSeconds ?? 0,
            HtmlPages = found,
        };
    }

    /// <summary>The first program of that name on PATH, or null.</summary>
    protected static string? OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
}

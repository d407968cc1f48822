namespace OrleansCrawler.Bench.Throughput.Reporting;

/// <summary>One crawl, measured. <see cref="Urls"/> are the URLs fetched (every response or failure, pages, images
/// and 404s alike: what each one cost); the rates and per-page costs are per fetched URL.</summary>
/// <param name="WallSeconds">From the crawl's start line to its end line (or the process's launch to its exit).</param>
/// <param name="CpuSeconds">The crawler's CPU over that window (user + system, all its threads).</param>
/// <param name="ProcessCpuSeconds">The crawler's CPU from its launch to the end of the crawl (start-up included).</param>
/// <param name="PeakBytes">The crawler's peak resident memory (VmHWM), start-up included.</param>
/// <param name="ServerCpuSeconds">The test web's CPU over the same crawl (never counted as the crawler's).</param>
public sealed record ThroughputRow(string Workload, string Crawler, int Run, long Urls, double WallSeconds, double CpuSeconds,
    double ProcessCpuSeconds, long PeakBytes, double ServerCpuSeconds, string Check, bool CheckPassed, string Notes)
{
    public double PagesPerSecond => WallSeconds > 0 ? Urls / WallSeconds : 0;

    /// <summary>Crawl-window CPU per URL.</summary>
    public double CpuMsPerPage => Urls > 0 ? CpuSeconds * 1000 / Urls : 0;

    /// <summary>Whole-process CPU (start-up included) per URL.</summary>
    public double ProcessCpuMsPerPage => Urls > 0 ? ProcessCpuSeconds * 1000 / Urls : 0;

    public double PeakMegabytes => PeakBytes / 1048576.0;

    /// <summary>The crawler's CPU from its launch to its exit (start-up and shutdown included), exact: the reaped
    /// child's rusage (<see cref="Processes.ReapedChildrenCpu"/>); 0 where it could not be read.</summary>
    public double ExitCpuSeconds { get; init; }

    /// <summary>The 200 HTML pages among <see cref="Urls"/> (the truth pages the crawl stored; for peers, the truth pages they fetched).</summary>
    public long HtmlPages { get; init; }

    /// <summary>CPU from launch to exit per fetched URL (issue 16's figure).</summary>
    public double ExitCpuMsPerUrl => Urls > 0 ? ExitCpuSeconds * 1000 / Urls : 0;

    /// <summary>CPU from launch to exit per HTML page: a web of pages only (wget2's mirror, a static site) costs this per URL.</summary>
    public double ExitCpuMsPerHtmlPage => HtmlPages > 0 ? ExitCpuSeconds * 1000 / HtmlPages : 0;

    /// <summary>Pages/s over the reference row's (the baseline, or one silo) in the same workload and run.</summary>
    public double? Ratio { get; init; }

    /// <summary>False when the crawler could not run (not installed); <see cref="Notes"/> says why.</summary>
    public bool Available { get; init; } = true;

    public static ThroughputRow Skipped(string workload, string crawler, string why) =>
        new(workload, crawler, 0, 0, 0, 0, 0, 0, 0, "skipped", true, why) { Available = false };
}

using System.Globalization;
using OrleansCrawler.Bench.Throughput.Reporting;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>Issue 16's targets, launch to exit: a one-page crawl in half a second of wall time; a 500-page single-host
/// site at 0.8× wget2's pages/s or better. Judged only when the startup and small-site workloads ran.</summary>
public static class StartupTargets
{
    public const double MaxOnePageWallSeconds = 0.5;
    public const double MinSmallSiteWget2Ratio = 0.8;

    public static IReadOnlyList<TargetResult> Evaluate(IReadOnlyList<ThroughputRow> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var results = new List<TargetResult>();
        if (Find(summary, LaunchToExitRunner.StartupName, ThroughputRunner.OrleansLabel) is { } one)
        {
            results.Add(new TargetResult("one-page crawl, launch to exit", I($"≤ {MaxOnePageWallSeconds} s wall"),
                I($"{one.WallSeconds:0.00} s wall, {one.CpuSeconds:0.00} s CPU (median run)"), one.WallSeconds <= MaxOnePageWallSeconds,
                Find(summary, LaunchToExitRunner.StartupName, LaunchToExitRunner.Wget2Label) is { Available: true } w ? I($"wget2 {w.WallSeconds:0.00} s wall") : "wget2 not run"));
        }

        if (Find(summary, LaunchToExitRunner.SmallSiteName, ThroughputRunner.OrleansLabel) is { } small)
        {
            results.Add(small.Ratio is not { } ratio
                ? new TargetResult("small site vs wget2", I($"≥ {MinSmallSiteWget2Ratio}×"), "-", null, "wget2 was not run")
                : new TargetResult("small site vs wget2", I($"≥ {MinSmallSiteWget2Ratio}×"), I($"{ratio:0.00}× ({small.PagesPerSecond:N0} URLs/s, {small.WallSeconds:0.00} s)"),
                    ratio >= MinSmallSiteWget2Ratio, I($"launch to exit; CPU {small.CpuSeconds:0.00} s; peak {small.PeakMegabytes:0} MB")));
        }

        return results;
    }

    private static ThroughputRow? Find(IReadOnlyList<ThroughputRow> rows, string workload, string crawler) =>
        rows.FirstOrDefault(r => r.Workload == workload && r.Crawler == crawler);

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

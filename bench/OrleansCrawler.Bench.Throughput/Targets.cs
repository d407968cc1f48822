using System.Globalization;
using OrleansCrawler.Bench.Throughput.Reporting;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>One target of issue 8, judged on the run's medians. <see cref="Met"/> is null when the run did not
/// measure it (the workload or peer was not run).</summary>
public sealed record TargetResult(string Target, string Goal, string Measured, bool? Met, string Note)
{
    public string Verdict => Met switch { true => "met", false => "MISSED", null => "not measured" };
}

/// <summary>The targets of issue 8.</summary>
public static class Targets
{
    /// <summary>wget2 on the issue's machine and web (another run: a reference only, never the judged figure).</summary>
    public const double IssueWget2PagesPerSecond = 2320;

    public const double MaxCpuMsPerPage = 0.75;
    public const double MaxPeakMegabytes = 300;
    public const double MinBaselineRatio = 0.85;
    public const double MinCeilingRatio = 0.9;
    public const double MaxScalePeakMegabytes = 1536;
    public const double MaxSeenSetBytesPerUrl = 16;
    public const double MinSilosRatio = 0.8;

    /// <summary>Issue 14: the crawl with --warc and --content on, over the same crawl with them off.</summary>
    public const double MinWarcContentRatio = 0.8;

    /// <summary>Issue 15: the crawl with --dedup on, over the same crawl with it off.</summary>
    public const double MinDedupRatio = 0.85;

    public static IReadOnlyList<TargetResult> Evaluate(ThroughputOptions options, IReadOnlyList<ThroughputRow> summary, SeenSetProbe.Result? seenSet)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        var throughput = ThroughputOptions.NameOf(ThroughputWorkload.Throughput);
        var orleans = Find(summary, throughput, ThroughputRunner.OrleansLabel);
        var baseline = Find(summary, throughput, ThroughputRunner.BaselineLabel);
        var results = new List<TargetResult>();

        var wget2 = Find(summary, throughput, "wget2");
        results.Add(orleans is null ? Unmeasured("throughput ≥ wget2", "≥ 1.00× wget2", "the throughput workload was not run")
            : wget2 is null || !wget2.Available
                ? new TargetResult("throughput ≥ wget2", "≥ 1.00× wget2", I($"{orleans.PagesPerSecond:N0} pages/s"), null,
                    (wget2 is null ? "wget2 not run (give --peers wget2)" : $"wget2 skipped: {wget2.Notes}") + I($"; the issue's wget2 figure (another run, not judged): {IssueWget2PagesPerSecond:N0} pages/s, {orleans.PagesPerSecond / IssueWget2PagesPerSecond:0.00}×"))
                : new TargetResult("throughput ≥ wget2", "≥ 1.00× wget2", I($"{orleans.PagesPerSecond:N0} vs {wget2.PagesPerSecond:N0} pages/s = {orleans.PagesPerSecond / wget2.PagesPerSecond:0.00}×"),
                    orleans.PagesPerSecond >= wget2.PagesPerSecond, Saturation(orleans, options)));

        results.Add(orleans is null ? Unmeasured("CPU per page", I($"≤ {MaxCpuMsPerPage} ms"), "the throughput workload was not run")
            : new TargetResult("CPU per page", I($"≤ {MaxCpuMsPerPage} ms"), I($"{orleans.ProcessCpuMsPerPage:0.000} ms (crawl only {orleans.CpuMsPerPage:0.000})"),
                orleans.ProcessCpuMsPerPage <= MaxCpuMsPerPage, I($"whole ocrawl process from launch (silo start-up included) to the end of the crawl; baseline {baseline?.ProcessCpuMsPerPage ?? double.NaN:0.000} ms")));

        results.Add(orleans is null ? Unmeasured("peak RSS, 20k pages", I($"≤ {MaxPeakMegabytes} MB"), "the throughput workload was not run")
            : new TargetResult("peak RSS, 20k pages", I($"≤ {MaxPeakMegabytes} MB"), I($"{orleans.PeakMegabytes:0} MB"), orleans.PeakMegabytes <= MaxPeakMegabytes,
                I($"VmHWM of the ocrawl process; baseline {baseline?.PeakMegabytes ?? double.NaN:0} MB")));

        results.Add(orleans?.Ratio is not { } ratio ? Unmeasured("Orleans vs no-Orleans baseline", I($"≥ {MinBaselineRatio}×"), "the throughput workload or its baseline was not run")
            : new TargetResult("Orleans vs no-Orleans baseline", I($"≥ {MinBaselineRatio}×"), I($"{ratio:0.00}× ({orleans.PagesPerSecond:N0} vs {baseline!.PagesPerSecond:N0} pages/s)"),
                ratio >= MinBaselineRatio, I($"CPU per page {orleans.CpuMsPerPage:0.000} vs {baseline.CpuMsPerPage:0.000} ms (crawl only)")));

        var latency = Find(summary, ThroughputOptions.NameOf(ThroughputWorkload.Latency), ThroughputRunner.OrleansLabel);
        var ceiling = Math.Min(options.Concurrency, (double)options.Hosts * options.PerHost) / options.Latency.TotalSeconds;
        var latencyBaseline = Find(summary, ThroughputOptions.NameOf(ThroughputWorkload.Latency), ThroughputRunner.BaselineLabel);
        results.Add(latency is null ? Unmeasured("latency-bound vs ceiling", I($"≥ {MinCeilingRatio}× ceiling"), "the latency workload was not run")
            : new TargetResult("latency-bound vs ceiling", I($"≥ {MinCeilingRatio}× ceiling"),
                I($"{latency.PagesPerSecond / ceiling:0.00}× ({latency.PagesPerSecond:N0} of {ceiling:N0} pages/s)"), latency.PagesPerSecond >= MinCeilingRatio * ceiling,
                I($"ceiling = min({options.Concurrency}, {options.Hosts} hosts × {options.PerHost}) / {options.Latency.TotalMilliseconds:0} ms; baseline {(latencyBaseline is null ? "not run" : I($"{latencyBaseline.PagesPerSecond / ceiling:0.00}×"))}")));

        var scale = Find(summary, ThroughputOptions.NameOf(ThroughputWorkload.Scale), ThroughputRunner.OrleansLabel);
        results.Add(scale is null ? Unmeasured(I($"{options.ScalePages:N0} pages"), I($"completes, peak RSS ≤ {MaxScalePeakMegabytes:N0} MB"), "the scale workload was not run")
            : new TargetResult(I($"{options.ScalePages:N0} pages"), I($"completes, peak RSS ≤ {MaxScalePeakMegabytes:N0} MB"),
                I($"{scale.Urls:N0} URLs, {scale.Check}, peak {scale.PeakMegabytes:N0} MB, {scale.PagesPerSecond:N0} pages/s"),
                scale.CheckPassed && scale.PeakMegabytes <= MaxScalePeakMegabytes, "VmHWM of the ocrawl process"));

        results.Add(seenSet is not { } seen ? Unmeasured("seen-set per URL", I($"≤ {MaxSeenSetBytesPerUrl} B"), "the scale workload was not run")
            : new TargetResult("seen-set per URL", I($"≤ {MaxSeenSetBytesPerUrl} B"), I($"{seen.BytesPerUrl:0.0} B over {seen.Urls:N0} URLs"), seen.BytesPerUrl <= MaxSeenSetBytesPerUrl,
                I($"{seen.Urls:N0} URLs in {seen.Partitions} SeenSets (one per partition, as a job builds them): slot arrays' bytes / URLs; the crawl's stored URLs when it ran, else the web's truth set")));

        var silos = ThroughputOptions.NameOf(ThroughputWorkload.Silos);
        var many = summary.LastOrDefault(r => r.Workload == silos && r.Crawler != ThroughputRunner.SilosLabel(options.Silos[0]));
        var one = Find(summary, silos, ThroughputRunner.SilosLabel(options.Silos[0]));
        results.Add(many?.Ratio is not { } silosRatio || one is null
            ? Unmeasured("3 silo processes vs 1", I($"≥ {MinSilosRatio}×"), "the silos workload was not run")
            : new TargetResult(I($"{many.Crawler} vs {one.Crawler}"), I($"≥ {MinSilosRatio}×"), I($"{silosRatio:0.00}× ({many.PagesPerSecond:N0} vs {one.PagesPerSecond:N0} pages/s)"),
                silosRatio >= MinSilosRatio, I($"CPU per page {many.CpuMsPerPage:0.000} vs {one.CpuMsPerPage:0.000} ms; peak {many.PeakMegabytes:0} vs {one.PeakMegabytes:0} MB (summed)")));

        // Issue 14 (not issue 8): only when the harness ran the warc-content row.
        if (Find(summary, throughput, ThroughputRunner.WarcContentLabel) is { } kept)
        {
            results.Add(kept.Ratio is not { } keptRatio || orleans is null
                ? Unmeasured("--warc --content vs off", I($"≥ {MinWarcContentRatio}×"), "no orleans row to compare with")
                : new TargetResult("--warc --content vs off", I($"≥ {MinWarcContentRatio}×"), I($"{keptRatio:0.00}× ({kept.PagesPerSecond:N0} vs {orleans.PagesPerSecond:N0} pages/s)"),
                    keptRatio >= MinWarcContentRatio, I($"CPU per page {kept.CpuMsPerPage:0.000} vs {orleans.CpuMsPerPage:0.000} ms; peak {kept.PeakMegabytes:0} vs {orleans.PeakMegabytes:0} MB")));
        }

        // Issue 15: only when the harness ran the dedup row.
        if (Find(summary, throughput, ThroughputRunner.DedupLabel) is { } dedup)
        {
            results.Add(dedup.Ratio is not { } dedupRatio || orleans is null
                ? Unmeasured("--dedup vs off", I($"≥ {MinDedupRatio}×"), "no orleans row to compare with")
                : new TargetResult("--dedup vs off", I($"≥ {MinDedupRatio}×"), I($"{dedupRatio:0.00}× ({dedup.PagesPerSecond:N0} vs {orleans.PagesPerSecond:N0} pages/s)"),
                    dedupRatio >= MinDedupRatio, I($"CPU per page {dedup.CpuMsPerPage:0.000} vs {orleans.CpuMsPerPage:0.000} ms; peak {dedup.PeakMegabytes:0} vs {orleans.PeakMegabytes:0} MB")));
        }

        // Issue 15's speed goal: only when the harness ran the fields-dedup row.
        if (Find(summary, throughput, ThroughputRunner.FieldsDedupLabel) is { } fields)
        {
            results.Add(fields.Ratio is not { } fieldsRatio || orleans is null
                ? Unmeasured("--extract --dedup vs off", I($"≥ {MinDedupRatio}×"), "no orleans row to compare with")
                : new TargetResult("--extract --dedup vs off", I($"≥ {MinDedupRatio}×"), I($"{fieldsRatio:0.00}× ({fields.PagesPerSecond:N0} vs {orleans.PagesPerSecond:N0} pages/s)"),
                    fieldsRatio >= MinDedupRatio, I($"CPU per page {fields.CpuMsPerPage:0.000} vs {orleans.CpuMsPerPage:0.000} ms; peak {fields.PeakMegabytes:0} vs {orleans.PeakMegabytes:0} MB")));
        }

        // Issue 16: only when the harness ran its launch-to-exit workloads.
        results.AddRange(StartupTargets.Evaluate(summary));
        return results;
    }

    /// <summary>How busy the cores were during a crawl: crawler + web server CPU over wall × cores.</summary>
    public static string Saturation(ThroughputRow row, ThroughputOptions options)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cores = Environment.ProcessorCount;
        var busy = row.WallSeconds > 0 ? (row.CpuSeconds + row.ServerCpuSeconds) / (row.WallSeconds * cores) : 0;
        return I($"cores busy {busy:P0} (crawler {row.CpuSeconds:0.0} s + web server {row.ServerCpuSeconds:0.0} s CPU over {row.WallSeconds:0.0} s × {cores} cores)");
    }

    private static ThroughputRow? Find(IReadOnlyList<ThroughputRow> rows, string workload, string crawler) =>
        rows.FirstOrDefault(r => r.Workload == workload && r.Crawler == crawler);

    private static TargetResult Unmeasured(string target, string goal, string why) => new(target, goal, "-", null, why);

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

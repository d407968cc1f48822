using System.Globalization;
using OrleansCrawler.Bench.Throughput;
using OrleansCrawler.Bench.Throughput.Reporting;

namespace OrleansCrawler.Bench.Tests;

/// <summary>Issue 16's launch-to-exit workloads at a tiny size, as real processes (test web, ocrawl run, wget2 under
/// /usr/bin/time, which .ci/run installs): every crawl checked against the truth set; no timing asserted.</summary>
public class LaunchToExitHarnessTests
{
    [Fact]
    public async Task RunAsync_StartupAndSmallSite_EveryCrawlFetchesTheTruthSet_AndTheTargetsAreJudged()
    {
        Assert.Null(LaunchToExitRunner.Unavailable());
        using var dir = new TempDirectory();
        var options = new ThroughputOptions
        {
            Workloads = [ThroughputWorkload.Startup, ThroughputWorkload.SmallSite],
            StartupRuns = 2,
            SmallSitePages = 40,
            Concurrency = 4,
            OutputDirectory = dir.Path,
        };
        var log = new StringWriter(CultureInfo.InvariantCulture);

        var results = await new ThroughputRunner(options, log).RunAsync();

        var rows = results.Rows;
        Assert.All(rows, r => Assert.True(r.Available, $"{r.Workload}/{r.Crawler}: {r.Notes}"));
        Assert.Equal(2, rows.Count(r => r.Workload == "startup" && r.Crawler == ThroughputRunner.OrleansLabel));
        Assert.Equal(2, rows.Count(r => r.Workload == "startup" && r.Crawler == LaunchToExitRunner.Wget2Label));
        Assert.Single(rows, r => r.Workload == "small-site" && r.Crawler == ThroughputRunner.OrleansLabel);
        Assert.Single(rows, r => r.Workload == "small-site" && r.Crawler == LaunchToExitRunner.Wget2Label);
        Assert.All(rows, r =>
        {
            Assert.True(r.CheckPassed, $"{r.Workload}/{r.Crawler}: {r.Check}");
            Assert.True(r.Urls > 0 && r.WallSeconds > 0 && r.CpuSeconds > 0 && r.PeakBytes > 0, $"{r.Workload}/{r.Crawler}: {r.Urls} URLs, {r.WallSeconds} s, {r.CpuSeconds} s CPU");
            // The report's launch-to-exit columns: the whole process's CPU, per URL and per HTML page of the truth found.
            Assert.True(r.ExitCpuSeconds == r.CpuSeconds && r.HtmlPages > 0 && r.ExitCpuMsPerHtmlPage > 0, $"{r.Workload}/{r.Crawler}: exit CPU {r.ExitCpuSeconds} s, {r.HtmlPages} HTML pages");
        });
        Assert.All(rows.Where(r => r.Crawler == ThroughputRunner.OrleansLabel), r => Assert.StartsWith("truth ok", r.Check, StringComparison.Ordinal));
        // wget2's check is the share of the truth it fetched (it normalizes URLs its own way): the seed page at least.
        Assert.All(rows.Where(r => r.Crawler == LaunchToExitRunner.Wget2Label), r => Assert.DoesNotMatch("^0 of", r.Check));
        // The small site is more than its seed: the crawl followed links on its one host.
        Assert.True(rows.Single(r => r.Workload == "small-site" && r.Crawler == ThroughputRunner.OrleansLabel).Urls > 40);
        Assert.True(results.Summary.Single(r => r.Workload == "small-site" && r.Crawler == ThroughputRunner.OrleansLabel).Ratio > 0);

        Assert.Contains(results.Targets, t => t.Target == "one-page crawl, launch to exit" && t.Met is not null);
        Assert.Contains(results.Targets, t => t.Target == "small site vs wget2" && t.Met is not null);
        Assert.Contains("median of 2", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Wget2Fetched_ReadsItsSiteStatistics_NormalizingUrls()
    {
        using var dir = new TempDirectory();
        var csv = Path.Combine(dir.Path, "site.csv");
        File.WriteAllLines(csv,
        [
            "ID,ParentID,URL,Status,Link,Method,Size,SizeDecompressed,TransferTime,ResponseTime,Encoding,Verification",
            "1,0,HTTP://127.0.0.1:8080/,200,1,1,100,100,1,1,1,-",
            "2,1,http://127.0.0.1:8080/missing.html,404,1,1,0,0,1,1,1,-",
        ]);

        var fetched = LaunchToExitRunner.Wget2Fetched(csv);

        Assert.Equal([("http://127.0.0.1:8080/", 200), ("http://127.0.0.1:8080/missing.html", 404)], fetched);
        Assert.Empty(LaunchToExitRunner.Wget2Fetched(Path.Combine(dir.Path, "none.csv")));
    }

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_OfOddAndEvenCounts(double[] values, double median) => Assert.Equal(median, LaunchToExitRunner.Median(values));

    [Fact]
    public void ParseWorkloads_TakesTheLaunchToExitWorkloadsByTheirNames()
    {
        Assert.Equal([ThroughputWorkload.Startup, ThroughputWorkload.SmallSite], ThroughputOptions.ParseWorkloads("startup, small-site"));
        Assert.Equal("small-site", ThroughputOptions.NameOf(ThroughputWorkload.SmallSite));
        Assert.Throws<ArgumentException>(() => new ThroughputOptions { StartupRuns = 0 }.Validate());
    }

    [Fact]
    public void OcrawlArguments_NoDelay_TheHarnessConcurrency()
    {
        var args = LaunchToExitRunner.OcrawlArguments(new ThroughputOptions { Concurrency = 7, PerHost = 3 }, "ocrawl.dll", "seeds.txt", "d");

        Assert.Equal(["ocrawl.dll", "run", "seeds.txt", "--data", "d", "--quiet", "--delay", "0", "--concurrency", "7", "--per-host", "3"], args.Take(12));
    }
}

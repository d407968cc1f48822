using System.Globalization;
using OrleansCrawler.Bench.Throughput;
using OrleansCrawler.Bench.Throughput.Reporting;

namespace OrleansCrawler.Bench.Tests;

/// <summary>The throughput harness at a tiny size, as real processes (test web, ocrawl run, the baseline): for
/// correctness and sane rows only, no timing asserted.</summary>
public class ThroughputHarnessTests
{
    [Fact]
    public async Task RunAsync_TinyWeb_BaselineAndOrleansFetchTheTruthSetAndReportSaneRows()
    {
        using var dir = new TempDirectory();
        var options = new ThroughputOptions
        {
            Workloads = [ThroughputWorkload.Throughput],
            Pages = 300,
            Hosts = 5,
            Concurrency = 8,
            PerHost = 2,
            OutputDirectory = dir.Path,
            CommandLine = "ocrawl-throughput --test",
        };
        var log = new StringWriter(CultureInfo.InvariantCulture);

        var results = await new ThroughputRunner(options, log).RunAsync();

        Assert.Equal([ThroughputRunner.BaselineLabel, ThroughputRunner.OrleansLabel], results.Rows.Select(r => r.Crawler));
        Assert.All(results.Rows, r =>
        {
            Assert.True(r.CheckPassed && r.Check.StartsWith("truth ok", StringComparison.Ordinal), $"{r.Crawler}: {r.Check}");
            Assert.True(r.Urls > 0 && r.WallSeconds > 0 && r.PagesPerSecond > 0, $"{r.Crawler}: {r.Urls} URLs in {r.WallSeconds} s");
            Assert.True(r.CpuSeconds > 0 && r.ProcessCpuSeconds >= r.CpuSeconds, $"{r.Crawler}: CPU {r.CpuSeconds} s, process {r.ProcessCpuSeconds} s");
            Assert.InRange(r.PeakMegabytes, 10, 4096);
        });
        Assert.Single(results.Rows.Select(r => r.Urls).Distinct()); // the same URLs fetched, not just the same pages
        var orleans = results.Rows.Single(r => r.Crawler == ThroughputRunner.OrleansLabel);
        Assert.True(orleans.Ratio > 0, "the Orleans row has a ratio to the baseline");
        Assert.True(results.AllChecksPassed);

        Assert.Contains(results.Targets, t => t.Target == "Orleans vs no-Orleans baseline" && t.Met is not null);
        Assert.Contains(results.Targets, t => t.Target.StartsWith("1,000,000 pages", StringComparison.Ordinal) && t.Met is null);

        var files = await ThroughputReport.WriteAsync(results);
        var markdown = await File.ReadAllTextAsync(files[0]);
        Assert.Contains("`ocrawl-throughput --test`", markdown, StringComparison.Ordinal);
        Assert.Contains("| throughput | orleans | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Orleans vs no-Orleans baseline |", markdown, StringComparison.Ordinal);
        Assert.Contains("truth ok", ThroughputReport.ToText(results), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WarcContent_CrawlsWithBothOn_ComparesWithTheSameCrawlOff_AndReportsBytesOnDisk()
    {
        using var dir = new TempDirectory();
        var options = new ThroughputOptions
        {
            Workloads = [ThroughputWorkload.Throughput],
            Pages = 300,
            Hosts = 5,
            Concurrency = 8,
            Baseline = false,
            WarcContent = true,
            OutputDirectory = dir.Path,
        };

        var results = await new ThroughputRunner(options, TextWriter.Null).RunAsync();

        Assert.Equal([ThroughputRunner.OrleansLabel, ThroughputRunner.WarcContentLabel], results.Rows.Select(r => r.Crawler));
        Assert.True(results.AllChecksPassed, string.Join("; ", results.Rows.Select(r => r.Check)));
        var kept = results.Rows.Single(r => r.Crawler == ThroughputRunner.WarcContentLabel);
        Assert.True(kept.Ratio > 0, "the warc-content row has a ratio to the orleans row");
        Assert.Contains("ocrawl run --warc --content:", kept.Notes, StringComparison.Ordinal);

        // The crawl with both on wrote a WARC file and content rows, and its note divides them by the pages fetched.
        var on = DiskUsage.Of(Path.Combine(dir.Path, "throughput", ThroughputRunner.WarcContentLabel + "-1"));
        var off = DiskUsage.Of(Path.Combine(dir.Path, "throughput", ThroughputRunner.OrleansLabel + "-1"));
        Assert.True(on.WarcBytes > kept.Urls * 1000 && on.ContentBytes > 0 && on.ResultsBytes > 0, on.ToString());
        Assert.Equal(0, off.WarcBytes);
        Assert.True(off.ContentBytes < on.ContentBytes, $"{off.ContentBytes} B of content off (an empty database), {on.ContentBytes} B on");
        Assert.Contains(on.Describe(kept.Urls), kept.Notes, StringComparison.Ordinal);
        Assert.Contains(results.Targets, t => t.Target == "--warc --content vs off" && t.Met is not null);
    }

    [Fact]
    public void DiskUsage_CountsWarcFilesAndEachDatabaseWithItsWal()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "warc", "silo-1"));
        File.WriteAllBytes(Path.Combine(dir.Path, "warc", "a.warc.gz"), new byte[3000]);
        File.WriteAllBytes(Path.Combine(dir.Path, "warc", "silo-1", "b.warc.gz"), new byte[1000]);
        File.WriteAllBytes(Path.Combine(dir.Path, "content.db"), new byte[500]);
        File.WriteAllBytes(Path.Combine(dir.Path, "content.db-wal"), new byte[100]);
        File.WriteAllBytes(Path.Combine(dir.Path, "results.db"), new byte[700]);
        File.WriteAllBytes(Path.Combine(dir.Path, "content.db.bak"), new byte[9999]);

        var usage = DiskUsage.Of(dir.Path);

        Assert.Equal(new DiskUsage(700, 600, 4000, 2), usage);
        Assert.Contains("= 1,150 B/page (WARC 1,000, content 150)", usage.Describe(4), StringComparison.Ordinal);
        Assert.Equal(new DiskUsage(0, 0, 0, 0), DiskUsage.Of(Path.Combine(dir.Path, "absent")));
    }

    [Fact]
    public void CrawlerArguments_PassPartitionsToOcrawlAndTheFrontierChoiceToTheBaseline()
    {
        var tuned = new ThroughputOptions { Partitions = 8, BaselineFrontier = false, Concurrency = 32, PerHost = 4 };
        var orleans = ThroughputRunner.CrawlerArguments(tuned, "ocrawl.dll", ThroughputRunner.OrleansLabel, "seeds.txt", "data");
        Assert.Equal(["ocrawl.dll", "run", "seeds.txt", "--data", "data", "--quiet", "--concurrency", "32", "--per-host", "4", "--max-path-variants", "2147483647",
            "--delay", "0", "--partitions", "8"], orleans);
        var baseline = ThroughputRunner.CrawlerArguments(tuned, "ocrawl.dll", ThroughputRunner.BaselineLabel, "seeds.txt", "data");
        Assert.Equal(["bench-worker", "baseline", "--seeds", "seeds.txt"], baseline.Skip(1).Take(4));
        Assert.Equal("false", baseline[baseline.ToList().IndexOf("--frontier") + 1]);
        Assert.DoesNotContain("--partitions", baseline);

        var warc = ThroughputRunner.CrawlerArguments(tuned, "ocrawl.dll", ThroughputRunner.WarcLabel, "seeds.txt", "data");
        Assert.Equal([.. orleans, "--warc", Path.Combine("data", "warc")], warc);

        Assert.DoesNotContain("--content", orleans);
        var content = ThroughputRunner.CrawlerArguments(tuned with { Content = "markdown" }, "ocrawl.dll", ThroughputRunner.ContentLabel, "seeds.txt", "data");
        Assert.Equal([.. orleans, "--content", "markdown"], content);

        var kept = ThroughputRunner.CrawlerArguments(tuned, "ocrawl.dll", ThroughputRunner.WarcContentLabel, "seeds.txt", "data");
        Assert.Equal([.. orleans, "--warc", Path.Combine("data", "warc"), "--content", "markdown"], kept);
        var keptText = ThroughputRunner.CrawlerArguments(tuned with { Content = "text" }, "ocrawl.dll", ThroughputRunner.WarcContentLabel, "seeds.txt", "data");
        Assert.Equal([.. orleans, "--warc", Path.Combine("data", "warc"), "--content", "text"], keptText);

        var defaults = new ThroughputOptions();
        Assert.DoesNotContain("--partitions", ThroughputRunner.CrawlerArguments(defaults, "ocrawl.dll", ThroughputRunner.OrleansLabel, "s", "d"));
        var withFrontier = ThroughputRunner.CrawlerArguments(defaults, "ocrawl.dll", ThroughputRunner.BaselineLabel, "s", "d").ToList();
        Assert.Equal("true", withFrontier[withFrontier.IndexOf("--frontier") + 1]);
    }

    [Fact]
    public void Evaluate_MedianRows_JudgesEachTargetAndSaysWhatWasNotMeasured()
    {
        var options = new ThroughputOptions();
        ThroughputRow Row(string workload, string crawler, long urls, double wall, double cpu, long peakMb, double? ratio = null) =>
            new ThroughputRow(workload, crawler, 1, urls, wall, cpu, cpu + 1, peakMb * 1048576, 5, "truth ok (1)", true, "") { Ratio = ratio };
        var summary = new[]
        {
            Row("throughput", ThroughputRunner.BaselineLabel, 20_000, 10, 12, 150),
            Row("throughput", ThroughputRunner.OrleansLabel, 20_000, 11, 13, 250, ratio: 10.0 / 11),
            ThroughputRow.Skipped("throughput", "wget2", "wget2 is not installed"),
            Row("latency", ThroughputRunner.OrleansLabel, 20_000, 20, 10, 200),
        };

        var targets = Targets.Evaluate(options, summary, new SeenSetProbe.Result(1000, 12_000, 64));

        TargetResult Get(string name) => targets.Single(t => t.Target.StartsWith(name, StringComparison.Ordinal));
        Assert.Null(Get("throughput ≥ wget2").Met);
        Assert.Contains("wget2 skipped: wget2 is not installed", Get("throughput ≥ wget2").Note, StringComparison.Ordinal);
        Assert.True(Get("CPU per page").Met); // (13 + 1) s of process CPU / 20,000 URLs = 0.70 ms
        Assert.True(Get("peak RSS").Met);
        Assert.True(Get("Orleans vs no-Orleans baseline").Met); // 0.91
        Assert.False(Get("latency-bound").Met); // 1,000 of 1,280 pages/s = 0.78
        Assert.Null(Get("1,000,000 pages").Met);
        Assert.True(Get("seen-set per URL").Met); // 12 B
        Assert.Null(Get("3 silo processes").Met);
    }

    [Fact]
    public void Evaluate_WarcContentRow_IsJudgedAgainstTheOrleansRow_OnlyWhenItRan()
    {
        ThroughputRow Row(string crawler, double wall, double? ratio = null) =>
            new ThroughputRow("throughput", crawler, 1, 20_000, wall, 10, 11, 200 * 1048576L, 5, "truth ok (1)", true, "") { Ratio = ratio };

        var slow = Targets.Evaluate(new ThroughputOptions(), [Row(ThroughputRunner.OrleansLabel, 10), Row(ThroughputRunner.WarcContentLabel, 13, ratio: 10.0 / 13)], null);
        var fine = Targets.Evaluate(new ThroughputOptions(), [Row(ThroughputRunner.OrleansLabel, 10), Row(ThroughputRunner.WarcContentLabel, 12, ratio: 10.0 / 12)], null);
        var absent = Targets.Evaluate(new ThroughputOptions(), [Row(ThroughputRunner.OrleansLabel, 10)], null);

        Assert.False(slow.Single(t => t.Target == "--warc --content vs off").Met); // 0.77
        Assert.Contains("0.77× (1,538 vs 2,000 pages/s)", slow.Single(t => t.Target == "--warc --content vs off").Measured, StringComparison.Ordinal);
        Assert.True(fine.Single(t => t.Target == "--warc --content vs off").Met); // 0.83
        Assert.DoesNotContain(absent, t => t.Target == "--warc --content vs off");
    }

    [Fact]
    public void SeenSetProbe_ManyUrlsOverPartitions_CountsEachOnceUnderSixteenBytes()
    {
        var urls = Enumerable.Range(0, 200_000).Select(i => $"http://127.0.0.1:{40000 + (i % 50)}/s{i % 10}/p{i}.html").ToList();

        var result = SeenSetProbe.Measure(urls.Concat(urls.Take(1000)));

        Assert.Equal(200_000, result.Urls);
        Assert.InRange(result.BytesPerUrl, 8, 16);
    }
}

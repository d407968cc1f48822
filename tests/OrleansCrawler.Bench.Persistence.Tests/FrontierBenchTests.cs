using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Bench.Persistence.Tests;

public class FrontierBenchTests
{
    private static readonly PersistenceOptions Tiny = new()
    {
        Sizes = [1_000],
        Batches = 2,
        Warmup = 1,
        BatchSize = 100,
        Stores = ["sqlite"],
        Partitions = 4,
        Hosts = 10,
        PrefillBatchSize = 300,
    };

    [Fact]
    public async Task MeasureAsync_TinySqlite_TimesEachBatchAndLeavesTheExpectedFrontier()
    {
        await using var kind = new SqliteBenchStores();
        await using var store = await kind.CreateAsync();

        var m = await FrontierBench.MeasureAsync("sqlite", store, 1_000, Tiny);

        Assert.Equal(("sqlite", 1_000, 100), (m.Store, m.Size, m.BatchSize));
        Assert.Equal(2, m.BatchMs.Count);
        Assert.All(m.BatchMs, ms => Assert.True(ms > 0));
        Assert.True(m.MeanMs > 0 && m.P95Ms > 0 && m.RowsPerSecond > 0 && m.LoadMs > 0 && m.StoreBytes > 0);

        // Prefill 1,000 URLs (first 500 settled), then 3 batches (1 warm-up): 300 more URLs, 300 more settled, the
        // oldest queued first.
        var workload = new FrontierWorkload(Tiny.Hosts, Tiny.Partitions);
        var rows = new List<FrontierRow>();
        for (var p = 0; p < Tiny.Partitions; p++)
        {
            rows.AddRange(await store.Store.LoadAsync(FrontierWorkload.JobId, p).ToListAsync());
        }

        Assert.Equal(1_300, rows.Count);
        Assert.Equal(Enumerable.Range(0, 1_300).Select(i => FrontierWorkload.Url(i, Tiny.Hosts)).Order(), rows.Select(r => r.Url).Order());
        var settled = rows.Where(r => r.Outcome is not null).Select(r => r.Url).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 800).Select(i => FrontierWorkload.Url(i, Tiny.Hosts)).ToHashSet(), settled);
        Assert.Contains(rows, r => r.Outcome == CrawlOutcome.Failed && r.ErrorKind is not null);
        Assert.Equal(Enumerable.Range(0, 1_300).Count(i => workload.Append(i).Partition == workload.LoadedPartition), m.LoadRows);
        Assert.InRange(m.LoadRows, 1, 1_299);
    }

    [Fact]
    public async Task Runner_TinySqlite_ReportHasARowPerSizeAndTheRatio()
    {
        var options = Tiny with { Sizes = [1_000, 2_000] };

        var (results, notes) = await PersistenceRunner.RunAsync(options, _ => { });
        var report = PersistenceReport.Render(results, options, notes);

        Assert.Equal([1_000, 2_000], results.Select(r => r.Size));
        Assert.Contains("| sqlite | 1,000 |", report);
        Assert.Contains("| sqlite | 2,000 |", report);
        Assert.Contains("| sqlite | 2k / 1k |", report);
    }

    [Fact]
    public void Options_Parse_SuffixesAndLists()
    {
        var options = PersistenceOptions.Parse(["--sizes", "100k,1m", "--batches", "30", "--batch-size", "500", "--stores", "postgres", "--out", "x.md"]);

        Assert.Equal([100_000, 1_000_000], options.Sizes);
        Assert.Equal((30, 500, "x.md"), (options.Batches, options.BatchSize, options.OutputFile));
        Assert.Equal(["postgres"], options.Stores);
        Assert.Throws<ArgumentException>(() => PersistenceOptions.Parse(["--stores", "redis"]));
        Assert.Throws<ArgumentException>(() => PersistenceOptions.Parse(["--sizes", "1000", "--batch-size", "1000"]));
    }

    [Fact]
    public void Percentile_NearestRank()
    {
        double[] values = [5, 1, 4, 2, 3, 10, 6, 7, 9, 8];
        Assert.Equal(10, FrontierMeasurement.Percentile(values, 0.95));
        Assert.Equal(5, FrontierMeasurement.Percentile(values, 0.5));
        Assert.Equal(7, FrontierMeasurement.Percentile([7], 0.95));
    }
}

using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Bench.Persistence;

/// <summary>The benchmark's URLs, deterministic: URL <c>i</c> is <c>http://h{i % hosts}.test:8123/p/{i}.html</c>, in
/// the partition its host hashes to (<see cref="HostPartitioner"/>, as the crawler does). URLs are appended in the
/// order of <c>i</c> and settled in that order too (a crawl works through its queues roughly first in, first out),
/// with a mix of outcomes.</summary>
internal sealed class FrontierWorkload
{
    public const string JobId = "bench";

    private readonly int[] _partitionOfHost;

    public FrontierWorkload(int hosts, int partitions)
    {
        var partitioner = new HostPartitioner(partitions);
        _partitionOfHost = [.. Enumerable.Range(0, hosts).Select(h => partitioner.PartitionOfAuthority($"h{h}.test:8123"))];
        Partitions = partitions;
    }

    public int Partitions { get; }

    /// <summary>The partition of the first host, whose load is timed.</summary>
    public int LoadedPartition => _partitionOfHost[0];

    public static string Url(long i, int hosts) => $"http://h{i % hosts}.test:8123/p/{i}.html";

    public FrontierAppend Append(long i)
    {
        var host = (int)(i % _partitionOfHost.Length);
        return FrontierAppend.Of(JobId, _partitionOfHost[host], Url(i, _partitionOfHost.Length), Depth(i));
    }

    public FrontierSettle Settle(long i)
    {
        var host = (int)(i % _partitionOfHost.Length);
        var partition = _partitionOfHost[host];
        var url = Url(i, _partitionOfHost.Length);
        return (i % 100) switch
        {
            < 90 => FrontierSettle.Of(JobId, partition, url, CrawlOutcome.Fetched, 8_000 + i % 40_000, null),
            < 96 => FrontierSettle.Of(JobId, partition, url, CrawlOutcome.Failed, 0, i % 2 == 0 ? "timeout" : "http-5xx"),
            < 98 => FrontierSettle.Of(JobId, partition, url, CrawlOutcome.RobotsDenied, 0, null),
            _ => FrontierSettle.Of(JobId, partition, url, CrawlOutcome.Refused, 0, "trap"),
        };
    }

    /// <summary>The write that appends URLs [<paramref name="appendFrom"/>, +<paramref name="appendCount"/>) and
    /// settles URLs [<paramref name="settleFrom"/>, +<paramref name="settleCount"/>).</summary>
    public FrontierBatch Batch(long appendFrom, int appendCount, long settleFrom, int settleCount)
    {
        var appends = new FrontierAppend[appendCount];
        for (var k = 0; k < appendCount; k++)
        {
            appends[k] = Append(appendFrom + k);
        }

        var settles = new FrontierSettle[settleCount];
        for (var k = 0; k < settleCount; k++)
        {
            settles[k] = Settle(settleFrom + k);
        }

        return new FrontierBatch(appends, settles);
    }

    private static int Depth(long i) => (int)(i % 7);
}

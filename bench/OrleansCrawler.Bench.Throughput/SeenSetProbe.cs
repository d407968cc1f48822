using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>The seen-set as a job builds it, rebuilt here from the URLs the crawl stored: one <see cref="SeenSet"/>
/// per partition (the job's <see cref="JobSpec.DefaultPartitionCount"/>, hosts spread by <see cref="HostPartitioner"/>),
/// each fed the <see cref="UrlFingerprint"/> of its URLs (order does not change a hash set's size). The crawler does not report its seen-set's
/// size (PartitionFrontier.SeenSetBytes is not in the job status), so this is how the harness measures bytes per URL.</summary>
public static class SeenSetProbe
{
    public readonly record struct Result(long Urls, long Bytes, int Partitions)
    {
        public double BytesPerUrl => Urls > 0 ? (double)Bytes / Urls : 0;
    }

    public static Result Measure(IEnumerable<string> urls, int partitions = JobSpec.DefaultPartitionCount)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var partitioner = new HostPartitioner(partitions);
        var sets = new SeenSet[partitions];
        for (var i = 0; i < partitions; i++)
        {
            sets[i] = new SeenSet(); // the default capacity, as PartitionFrontier creates it
        }

        foreach (var url in urls)
        {
            sets[partitioner.PartitionOf(url)].Add(UrlFingerprint.Of(url));
        }

        return new Result(sets.Sum(s => (long)s.Count), sets.Sum(s => s.MemoryBytes), partitions);
    }
}

using BenchmarkDotNet.Attributes;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Bench.Micro;

/// <summary>The seen-set: adding a million new fingerprints into a set that grows from its default size (what a
/// partition does over a crawl), and looking up ones already there (the common case for links).</summary>
[MemoryDiagnoser]
public class SeenSetBenchmarks
{
    private const int Count = 1_000_000;
    private ulong[] _fingerprints = [];
    private SeenSet _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fingerprints = [.. Enumerable.Range(0, Count).Select(i => UrlFingerprint.Of($"http://127.0.0.1:{40000 + (i % 50)}/s{i % 10}/p{i}.html"))];
        _full = new SeenSet();
        foreach (var fp in _fingerprints)
        {
            _full.Add(fp);
        }
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int AddNew()
    {
        var set = new SeenSet();
        foreach (var fp in _fingerprints)
        {
            set.Add(fp);
        }

        return set.Count;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int AddSeen()
    {
        var added = 0;
        foreach (var fp in _fingerprints)
        {
            if (_full.Add(fp))
            {
                added++;
            }
        }

        return added;
    }
}

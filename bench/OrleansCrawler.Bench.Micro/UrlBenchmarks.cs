using BenchmarkDotNet.Attributes;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Bench.Micro;

/// <summary>What every link of a page costs before it reaches a partition: normalizing it against the page's URL,
/// and fingerprinting the result.</summary>
[MemoryDiagnoser]
public class UrlBenchmarks
{
    private TestWebPage _page = null!;
    private string[] _normalized = [];

    [GlobalSetup]
    public void Setup()
    {
        _page = TestWebPage.Load();
        _normalized = [.. _page.Hrefs.Select(h => UrlNormalizer.TryNormalize(h, _page.Url, out var n) ? n : null).OfType<string>()];
    }

    /// <summary>Every href of the page (absolute, relative, dot segments, percent-encoding, fragments, mailto: ...).</summary>
    [Benchmark]
    public int NormalizePageLinks()
    {
        var ok = 0;
        foreach (var href in _page.Hrefs)
        {
            if (UrlNormalizer.TryNormalize(href, _page.Url, out _))
            {
                ok++;
            }
        }

        return ok;
    }

    [Benchmark]
    public ulong FingerprintPageLinks()
    {
        ulong x = 0;
        foreach (var url in _normalized)
        {
            x ^= UrlFingerprint.Of(url);
        }

        return x;
    }
}
